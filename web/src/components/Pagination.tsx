import { Button } from 'react-aria-components';
import { useT } from '../i18n/useT';

export function Pagination({ page, perPage, total, onPage }: { page: number; perPage: number; total: number; onPage: (p: number) => void }) {
  const t = useT();
  const pages = Math.max(1, Math.ceil(total / Math.max(1, perPage)));
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <Button className="btn btn-small" isDisabled={page <= 1} onPress={() => onPage(page - 1)}>
        {t('pagination.previous')}
      </Button>
      <span>{t('pagination.status', { page, pages })}</span>
      <Button className="btn btn-small" isDisabled={page >= pages} onPress={() => onPage(page + 1)}>
        {t('pagination.next')}
      </Button>
    </nav>
  );
}
