/**
 * The reference multi-tier application of the stack: a front end and a back
 * end program for compute endpoints (REFERENCE_PROGRAMS), and provision(),
 * which creates one tenant's application through the six layers' standard
 * RPCs.
 */
export { REFERENCE_PROGRAMS, FRONT_END_PROGRAM, BACK_END_PROGRAM } from "./reference-programs.js";
export { frontEndProgram, BACKEND_ADDRESS_LABEL } from "./front-end-program.js";
export { backEndProgram, SLOT_BYTES, SLOTS } from "./back-end-program.js";
export { provision } from "./provision.js";
export type { StackClients, ProvisionRequest, ProvisionedApplication } from "./provision.js";
