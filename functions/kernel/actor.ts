// Kernel: the actor — who acts: the signed-in user, their organisation and their roles, as the token says.
import type { Role } from "./roles.ts";

/** The caller of a use case (from the verified token; the HTTP frame's Principal has this shape). */
export interface Actor {
  readonly userId: string;
  readonly organisationId: string;
  readonly roles: readonly Role[];
}
