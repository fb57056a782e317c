// The storage layer's suites, one file per service or capability (volumes,
// block I/O, mapping, QoS, placement, telemetry, topology, tenancy). Each
// registers its checks with `check(title, { layer: "storage" }, fn)` when
// imported; list it here. Helpers the suites share live in support/.
import "./volumes.js";
import "./pagination.js";
import "./block-io.js";
import "./expansion.js";
import "./thin.js";
import "./mapping.js";
import "./placement.js";
import "./qos.js";
import "./tenancy.js";
import "./telemetry-records.js";
import "./telemetry-metrics.js";
import "./telemetry-stream.js";
import "./topology-graph.js";
import "./topology-watch.js";
