// Who may do what in the inbox, from the session's grants (a role covers the sub-tree).
import { useCallback } from 'react';
import type { Organisation, Role } from '../../api';
import { pathTo, useOrgName } from '../../orgs';
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

/** An organisation's name in the interface language, by id; the server's name when unknown. */
export function useOrgLabel(orgs: Organisation[]): (id: number | null | undefined, fallback: string) => string {
  const nameOf = useOrgName();
  return useCallback(
    (id, fallback) => {
      const o = id != null ? orgs.find((x) => x.id === id) : undefined;
      return o ? nameOf(o.names, o.slug) : fallback;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [orgs, nameOf],
  );
}
