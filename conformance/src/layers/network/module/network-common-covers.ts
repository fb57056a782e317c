/**
 * The LAN requirements (docs/network.md) that common checks prove when they
 * run for the network layer, by the common check's title.
 */
export const networkCommonCovers: Readonly<Record<string, readonly string[]>> = {
  "Every data-path call, failed or not, yields exactly one request record with the caller's tenant and application [telemetry]":
    ["NET-REC-1"],
  "Every metric of the layer's catalogue arrives for a resource with its kind, unit, attributes, tenant and application, consistent with the traffic [telemetry] [metrics]":
    ["NET-CAT-1", "NET-CAT-2"],
};
