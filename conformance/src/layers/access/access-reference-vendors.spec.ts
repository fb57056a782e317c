import { describeReferenceVendors } from "../../fixtures/reference-vendor-suite.js";
import { LAYER_MODULES } from "../index.js";

describeReferenceVendors("access", LAYER_MODULES);
