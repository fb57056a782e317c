import { describeReferenceVendors } from "../../fixtures/reference-vendor-suite.js";
import { LAYER_MODULES } from "../index.js";

describeReferenceVendors("compute", LAYER_MODULES);
