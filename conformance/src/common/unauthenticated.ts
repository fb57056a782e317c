import { core, rpc, telemetry, topology } from "@strata/sdk/contracts";
import { collectStream } from "../helpers/collect-stream.js";
import { check, checkEachLayer } from "../registry/check-registry.js";

const UNAUTHENTICATED = core.ErrorReason.ERROR_REASON_UNAUTHENTICATED;

checkEachLayer("A layer RPC without credentials answers UNAUTHENTICATED [tenancy] [unauthenticated]", { covers: ["CORE-AUTH-4", "CORE-ERR-1"] }, async (t) => {
  const { sampleCall } = t.module;
  await t.expectCode(sampleCall.call(t.connect("anonymous")), rpc.Code.UNAUTHENTICATED, `${sampleCall.rpc} without credentials`, UNAUTHENTICATED);
});

check("TopologyService.GetTopology without credentials answers UNAUTHENTICATED [tenancy] [unauthenticated]", { covers: ["CORE-AUTH-4", "CORE-ERR-1"] }, async (t) => {
  const anonymous = t.connect("anonymous");
  await t.expectCode(anonymous.topology.getTopology(topology.GetTopologyRequest.fromPartial({})),
    rpc.Code.UNAUTHENTICATED, "TopologyService.GetTopology without credentials", UNAUTHENTICATED);
});

check("TelemetryService.Subscribe without credentials answers UNAUTHENTICATED [tenancy] [unauthenticated]", { covers: ["CORE-AUTH-4", "CORE-ERR-1"] }, async (t) => {
  const anonymous = t.connect("anonymous");
  const request = telemetry.SubscribeRequest.fromPartial({ mode: telemetry.Mode.MODE_ONCE });
  const answer = collectStream(anonymous.telemetry.subscribe(request), { signal: t.signal, timeoutMs: t.config.timeoutMs / 2 });
  await t.expectCode(answer,
    rpc.Code.UNAUTHENTICATED, "TelemetryService.Subscribe (MODE_ONCE) without credentials", UNAUTHENTICATED);
});

/** A JSON value in base64url, as a JWS compact serialization spells its header and claims. */
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

check("A bearer token that does not verify answers UNAUTHENTICATED: claims changed after signing, a signature cut off, alg none [tenancy] [unauthenticated]",
  { covers: ["CORE-AUTH-1", "CORE-AUTH-2", "CORE-AUTH-4"] }, async (t) => {
    const own = t.config.credentials.tenantA;
    if (!("token" in own)) return t.skip("the run calls without bearer tokens (mTLS or development mode): there is no token to forge from");
    const [header, payload, signature] = own.token.split(".");
    let claims: Record<string, unknown> | undefined;
    try {
      claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
    } catch {
      claims = undefined;
    }
    if (signature === undefined || typeof claims !== "object" || claims === null) {
      return t.skip("tenant A's token is no signed JWT (header.claims.signature, claims a JSON object): the suite cannot forge from it");
    }
    const roles = Array.isArray(claims.roles) ? claims.roles : [];
    const forged: Array<[string, string]> = [
      ["tenant A's token, its tenant_id changed after signing", `${header}.${base64url({ ...claims, tenant_id: t.tenantIds.tenantB ?? "conformance-forged" })}.${signature}`],
      ["tenant A's token, the operator role added after signing", `${header}.${base64url({ ...claims, roles: [...roles, "operator"] })}.${signature}`],
      ["tenant A's token with its signature cut off", `${header}.${payload}.`],
      ["tenant A's claims unsigned (alg none)", `${base64url({ alg: "none", typ: "JWT" })}.${payload}.`],
    ];
    for (const [what, token] of forged) {
      const forger = t.connect({ token });
      await t.expectCode(forger.topology.getTopology(topology.GetTopologyRequest.fromPartial({})), rpc.Code.UNAUTHENTICATED,
        `TopologyService.GetTopology with ${what}`, UNAUTHENTICATED);
    }
  });

check("An mTLS endpoint lets a caller without a client certificate connect: GetInfo answers, GetTopology is UNAUTHENTICATED, never UNAVAILABLE [tenancy] [unauthenticated]",
  { covers: ["CORE-AUTH-7", "CORE-AUTH-4"] }, async (t) => {
    const tls = t.config.tls;
    const certificates = tls !== undefined && (tls.certPath !== undefined || Object.keys(tls.principals ?? {}).length > 0);
    if (!certificates) return t.skip("the run calls without client certificates: there is no mTLS to judge");
    const anonymous = t.connect("anonymous");
    await t.expectCode(anonymous.identity.getInfo({}), rpc.Code.OK, "IdentityService.GetInfo over TLS without a client certificate");
    await t.expectCode(anonymous.topology.getTopology(topology.GetTopologyRequest.fromPartial({})), rpc.Code.UNAUTHENTICATED,
      "TopologyService.GetTopology over TLS without a client certificate", UNAUTHENTICATED);
  });

check("Development-mode headers alone answer UNAUTHENTICATED when the run calls with bearer tokens or client certificates [tenancy] [unauthenticated]",
  { covers: ["CORE-AUTH-5", "CORE-AUTH-4", "CORE-TEN-1"] }, async (t) => {
    const own = t.config.credentials.tenantA;
    if ("tenant" in own) return t.skip("the run calls in development mode (strata-tenant headers): the endpoint runs with the mode enabled");
    const claimed = t.tenantIds.tenantA ?? "conformance-claimed";
    // No token and no client certificate: the call claims its tenant and the operator role by the development headers only.
    const claimant = t.connect("anonymous");
    await t.expectCode(claimant.topology.getTopology(topology.GetTopologyRequest.fromPartial({}), { metadata: { "strata-tenant": claimed, "strata-roles": "operator" } }),
      rpc.Code.UNAUTHENTICATED, `TopologyService.GetTopology claiming tenant "${claimed}" and the operator role by strata-tenant and strata-roles headers alone, `
      + "in a run that calls with tokens or certificates (an endpoint honours them only in development mode; skip this check if that mode is on by intent)", UNAUTHENTICATED);
  });
