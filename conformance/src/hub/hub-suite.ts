// The hub's own checks (docs/hub.md): one file per part of the page; each registers its checks when imported.
import "./hub-endpoints.js";
import "./hub-relay.js";
import "./hub-stitching.js";
import "./hub-tenancy.js";
import "./hub-topology.js";

export { HUB_CHECKS } from "./hub-checks.js";
