// The management endpoint's checks (docs/management.md, docs/assurance.md): one file per part of the pages; each registers its checks when imported.
import "./management-capacity.js";
import "./management-chargeback.js";
import "./management-tenancy.js";
import "./management-assurance.js";

export { MANAGEMENT_CHECKS } from "./management-checks.js";
