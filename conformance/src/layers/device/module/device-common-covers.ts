/**
 * The device requirements (docs/device.md) that common checks prove when
 * they run for the device layer, by the common check's title.
 */
export const deviceCommonCovers: Readonly<Record<string, readonly string[]>> = {
  "Every data-path call, failed or not, yields exactly one request record with the caller's tenant and application [telemetry]":
    ["DEV-REC-1"],
  "Every metric of the layer's catalogue arrives for a resource with its kind, unit, attributes, tenant and application, consistent with the traffic [telemetry] [metrics]":
    ["DEV-CAT-1", "DEV-CAT-2"],
  "GetTopology shows a created resource as the catalogue fixes it, owned by its application and tenant [topology]":
    ["DEV-TOPO-1", "TOPO-DEV-1"],
};
