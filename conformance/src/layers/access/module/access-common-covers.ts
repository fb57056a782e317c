/**
 * The access requirements (docs/access.md) that common checks prove when
 * they run for access, by the common check's title.
 */
export const accessCommonCovers: Readonly<Record<string, readonly string[]>> = {
  "Every data-path call, failed or not, yields exactly one request record with the caller's tenant and application [telemetry]":
    ["ACC-REC-1"],
  "Every metric of the layer's catalogue arrives for a resource with its kind, unit, attributes, tenant and application, consistent with the traffic [telemetry] [metrics]":
    ["ACC-CAT-1", "ACC-CAT-2"],
};
