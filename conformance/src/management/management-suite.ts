// The management endpoint's checks (docs/management.md, docs/assurance.md): one file per part of the pages; each registers its checks when imported.
import "./management-capacity.js";
import "./management-chargeback.js";
import "./management-tenancy.js";
// The relax checks before the audit check, so that in a run against a real controller the audit check judges the actions they
// provoked; the stop check after it, since a restarted endpoint may keep no audit trail.
import "./management-relax.js";
import "./management-assurance.js";
import "./management-stop.js";

export { MANAGEMENT_CHECKS } from "./management-checks.js";
