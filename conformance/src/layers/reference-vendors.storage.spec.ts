import { describeReferenceVendors } from "./reference-vendor-suite.js";

describeReferenceVendors("storage");
