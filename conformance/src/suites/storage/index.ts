// The storage layer's suites, one file per service or capability (volumes,
// block I/O, mapping, QoS, placement, telemetry, topology, tenancy). Each
// registers its checks with `check(title, { layer: "storage" }, fn)` when
// imported; list it here.
export {};
