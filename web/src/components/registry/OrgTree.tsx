import { useMemo, useState } from 'react';
import type { Organisation } from '../../api';
import { useLocale } from '../../i18n';
import { useT } from '../../i18n/useT';
import { buildTree, type OrgNode, OrgName, pathTo, useOrgName } from '../../orgs';
import { Link } from '../../router';
import { kindLabel } from '../labels';

interface NodeProps {
  node: OrgNode;
  selectedId: number | null;
  expanded: Set<number>;
  toggle: (id: number) => void;
}

function TreeNode({ node, selectedId, expanded, toggle }: NodeProps) {
  const t = useT();
  const nameOf = useOrgName();
  const id = node.org.id;
  const open = expanded.has(id);
  const hasChildren = node.children.length > 0;
  const name = nameOf(node.org.names, node.org.slug);
  return (
    <li>
      <div className="tree-row">
        {hasChildren ? (
          <button
            type="button"
            className="tree-toggle"
            aria-expanded={open}
            aria-label={open ? t('registry.collapse', { name }) : t('registry.expand', { name })}
            onClick={() => toggle(id)}
          >
            <span aria-hidden="true">{open ? '−' : '+'}</span>
          </button>
        ) : (
          <span className="tree-spacer" />
        )}
        <Link to={`/registry/${id}`} aria-current={selectedId === id ? 'page' : undefined} className="tree-link">
          <OrgName names={node.org.names} fallback={node.org.slug} />
        </Link>
        <span className="tree-kind">{kindLabel(t, node.org.kind)}</span>
      </div>
      {hasChildren && open && (
        <ul>
          {node.children.map((c) => (
            <TreeNode key={c.org.id} node={c} selectedId={selectedId} expanded={expanded} toggle={toggle} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The organisation tree as nested lists of links, with disclosure buttons for branches. */
export function OrgTree({ orgs, selectedId }: { orgs: Organisation[]; selectedId: number | null }) {
  const t = useT();
  const { locale } = useLocale();
  const tree = useMemo(() => buildTree(orgs, locale), [orgs, locale]);
  const [expanded, setExpanded] = useState<Set<number>>(() => {
    const s = new Set<number>();
    for (const root of buildTree(orgs, 'fr')) {
      s.add(root.org.id);
      for (const c of root.children) s.add(c.org.id);
    }
    if (selectedId != null) for (const o of pathTo(orgs, selectedId)) s.add(o.id);
    return s;
  });
  const toggle = (id: number) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <nav className="org-tree" aria-labelledby="org-tree-title">
      <h2 id="org-tree-title" className="panel-title">
        {t('registry.organisations')}
      </h2>
      {tree.length === 0 ? (
        <p>{t('registry.noOrganisations')}</p>
      ) : (
        <ul className="tree">
          {tree.map((n) => (
            <TreeNode key={n.org.id} node={n} selectedId={selectedId} expanded={expanded} toggle={toggle} />
          ))}
        </ul>
      )}
    </nav>
  );
}
