// Kernel: the actor — who acts: the signed-in user, their organisation and their roles, as the token says.
import type { Role } from "./roles.ts";

/** The caller of a use case (from the verified token; the HTTP frame's Principal has this shape). */
export interface Actor {
  readonly userId: string;
  readonly organisationId: string;
  readonly roles: readonly Role[];
  /** The person's display name (the token's OIDC `name` claim), when the token carries one. */
  readonly name?: string;
}

/**
 * The name stored beside the user id on a record the actor writes (signature, opinion, vote, approval, decision):
 * the token's name, or the user id when the token has none. Records written before names were kept have none.
 */
export function actorName(actor: Pick<Actor, "userId" | "name">): string {
  const name = actor.name?.trim();
  return name && name.length > 0 ? name.slice(0, 100) : actor.userId;
}
