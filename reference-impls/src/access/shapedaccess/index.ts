export { createShapedaccessServer } from "./create-shapedaccess-server.js";
export { createShapedBackend } from "./shaped-backend.js";
export { TokenBucketShaper } from "./token-bucket-shaper.js";
export { WanModel } from "./wan-model.js";
export type { ShapedaccessServerOptions } from "./create-shapedaccess-server.js";
export type { ShapedOptions } from "./shaped-backend.js";
export type { BucketPolicy } from "./token-bucket-shaper.js";
export type { WanOptions } from "./wan-model.js";
