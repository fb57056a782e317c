/** A generated grpc-js service definition: method name → { path, … }. */
export type ServiceDefinitionLike = Readonly<Record<string, { readonly path: string }>>;

/** The fully-qualified name of a service ("strata.core.v1.IdentityService"). */
export function serviceName(definition: ServiceDefinitionLike): string {
  const path = Object.values(definition)[0]?.path ?? "";
  return path.slice(1, path.lastIndexOf("/"));
}
