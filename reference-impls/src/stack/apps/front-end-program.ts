import type { ComputeProgram } from "@strata/sdk/compute";
import { StrataError } from "@strata/sdk/server";

/** The instance label that gives a front end the LAN address of its back end. */
export const BACKEND_ADDRESS_LABEL = "strata.stack/backend-address";

/** The bytes of a request the front end hashes first: its own CPU work. */
const FRONT_HASH_BYTES = 16 * 1024;

/**
 * The reference front end: for each request (an access entry point's
 * payload), some CPU work on its instance (a hash of the payload's first
 * bytes repeated over 16 KiB), then one framed "put" request over the LAN to
 * its back end (the address in its instance's BACKEND_ADDRESS_LABEL), whose
 * framed response is its answer.
 */
export const frontEndProgram: ComputeProgram = {
  async handle({ payload }, env) {
    await env.run({ kind: "hash", sizeBytes: FRONT_HASH_BYTES, seed: payload.subarray(0, 1024) });
    const backend = env.instance.labels[BACKEND_ADDRESS_LABEL];
    if (!backend) throw StrataError.unavailable(`front end "${env.instance.instanceId}": no ${BACKEND_ADDRESS_LABEL} label`);
    const lan = await env.lan();
    if (!lan) throw StrataError.unavailable(`front end "${env.instance.instanceId}": no LAN port with an endpoint attached`);
    return lan.request(backend, "put", payload);
  },
};
