/**
 * The storage requirements (docs/storage.md, docs/telemetry.md's storage
 * catalogue) that common checks prove when they run for storage, by the
 * common check's title.
 */
export const storageCommonCovers: Readonly<Record<string, readonly string[]>> = {
  "Every data-path call, failed or not, yields exactly one request record with the caller's tenant and application [telemetry]":
    ["STOR-REC-1", "STOR-REC-2"],
  "Every metric of the layer's catalogue arrives for a resource with its kind, unit, attributes, tenant and application, consistent with the traffic [telemetry] [metrics]":
    ["TEL-CAT-3", "TEL-CAT-4", "TEL-CAT-5"],
};
