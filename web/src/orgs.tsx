// Organisation helpers: tree building from parent_id, paths, names in the interface language.
import { useMemo } from 'react';
import type { Names, Organisation } from './api';
import { pickName, useLocale } from './i18n';

export interface OrgNode {
  org: Organisation;
  children: OrgNode[];
}

export function buildTree(orgs: Organisation[], locale: string): OrgNode[] {
  const byId = new Map<number, OrgNode>();
  for (const o of orgs) byId.set(o.id, { org: o, children: [] });
  const roots: OrgNode[] = [];
  for (const node of byId.values()) {
    const pid = node.org.parent_id;
    const parent = pid != null ? byId.get(pid) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const lang = (['fr', 'nl', 'de', 'en'].includes(locale) ? locale : 'fr') as 'fr';
  const sort = (nodes: OrgNode[]) => {
    nodes.sort((a, b) => {
      const ka = KIND_ORDER.indexOf(a.org.kind);
      const kb = KIND_ORDER.indexOf(b.org.kind);
      if (ka !== kb) return ka - kb;
      return pickName(a.org.names, lang, a.org.slug).text.localeCompare(pickName(b.org.names, lang, b.org.slug).text, locale);
    });
    for (const n of nodes) sort(n.children);
  };
  sort(roots);
  return roots;
}

const KIND_ORDER = ['government', 'minister', 'service', 'unit', 'diplomatic_post'];

/** Ids from the root down to `id` (inclusive); empty when unknown. */
export function pathTo(orgs: Organisation[], id: number): Organisation[] {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const out: Organisation[] = [];
  let cur = byId.get(id);
  const seen = new Set<number>();
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    out.unshift(cur);
    cur = cur.parent_id != null ? byId.get(cur.parent_id) : undefined;
  }
  return out;
}

export function useOrgName(): (names: Names | undefined, fallback?: string) => string {
  const { locale } = useLocale();
  return (names, fallback = '') => pickName(names, locale, fallback).text;
}

/** An organisation's name in the interface language; marks the language when it falls back. */
export function OrgName({ names, fallback = '' }: { names: Names | undefined; fallback?: string }) {
  const { locale } = useLocale();
  const n = pickName(names, locale, fallback);
  if (n.lang && n.lang !== locale) return <span lang={n.lang}>{n.text}</span>;
  return <>{n.text}</>;
}

/**
 * Organisations in tree order for a <select>, indented by depth; `keep` limits the list (the
 * indentation then counts only the organisations kept).
 */
export function useOrgOptions(orgs: Organisation[], keep?: (o: Organisation) => boolean): { value: string; label: string }[] {
  const { locale } = useLocale();
  const nameOf = useOrgName();
  return useMemo(() => {
    const out: { value: string; label: string }[] = [];
    const walk = (nodes: OrgNode[], depth: number) => {
      for (const n of nodes) {
        const kept = !keep || keep(n.org);
        if (kept) out.push({ value: String(n.org.id), label: `${'\u00a0\u00a0'.repeat(depth)}${nameOf(n.org.names, n.org.slug)}` });
        walk(n.children, kept ? depth + 1 : depth);
      }
    };
    walk(buildTree(orgs, locale), 0);
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [orgs, locale, keep]);
}
