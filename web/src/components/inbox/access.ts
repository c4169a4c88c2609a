// Who may do what in the inbox, from the session's grants (a role covers the sub-tree).
import { useCallback } from 'react';
import type { Organisation, Role } from '../../api';
import { pathTo } from '../../orgs';
import { hasRoleOn, useSession } from '../../session';

/** A predicate: does the user hold one of `roles` on the organisation or one of its ancestors? */
export function useHasRoleOn(orgs: Organisation[], roles: Role[]): (orgId: number) => boolean {
  const { session } = useSession();
  return useCallback(
    (orgId: number) => {
      const path = pathTo(orgs, orgId).map((o) => o.id);
      return hasRoleOn(session, path.length ? path : [orgId], roles);
    },
    [session, orgs, roles],
  );
}

/** The organisations of a sub-tree (the root included). */
export function subtreeIds(orgs: Organisation[], rootId: number): Set<number> {
  const ids = new Set<number>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const o of orgs) {
      if (o.parent_id != null && ids.has(o.parent_id) && !ids.has(o.id)) {
        ids.add(o.id);
        grew = true;
      }
    }
  }
  return ids;
}
