// Regenerates sdk/src/gen from proto/ (Strata's contracts) plus the google.rpc
// error types the SDK puts in status details, and the descriptor set that the
// reflection service serves. Run with `npm run proto:gen`.
import { execFileSync } from "node:child_process";

const buf = (args) => execFileSync("npx", ["buf", ...args], { stdio: "inherit" });

buf([
  "generate",
  "--path", "proto/strata",
  "--path", "node_modules/google-proto-files/google/rpc/status.proto",
  "--path", "node_modules/google-proto-files/google/rpc/error_details.proto",
]);
buf(["build", "--path", "proto/strata", "--as-file-descriptor-set", "-o", "sdk/src/gen/strata.binpb"]);
