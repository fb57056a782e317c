// google.rpc: the standard status and error detail types Strata puts in the
// grpc-status-details-bin trailer.
export * from "../gen/google/rpc/code.js";
export * from "../gen/google/rpc/status.js";
export * from "../gen/google/rpc/error_details.js";
export { Any } from "../gen/google/protobuf/any.js";
