// What the publishing policy found in a post, said in the interface language. The server sends
// each finding's rule, effect, matched words and who can unblock it; its English `message` is only
// shown (marked lang="en") for a rule this interface does not know yet.
import type { Finding, Organisation } from '../../api';
import { useLocale } from '../../i18n';
import { type Translate, useT } from '../../i18n/useT';
import { useOrgName } from '../../orgs';
import { languageName } from '../labels';
import { contentTypeLabel } from '../posts/labels';

const LANGS = new Set(['fr', 'nl', 'de', 'en']);

function list(locale: string, items: string[]): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}

const QUOTES: Record<string, [string, string]> = { fr: ['« ', ' »'], nl: ['‘', '’'], de: ['„', '“'], en: ['“', '”'] };

/** A word of the post quoted the way the interface language quotes. */
export function quote(locale: string, w: string): string {
  const [open, close] = QUOTES[locale] ?? QUOTES.en!;
  return `${open}${w}${close}`;
}

/** One matched item in words: a content type, a language code, a word. */
function matchedWord(t: Translate, locale: string, m: string): string {
  const ct = /^content type: (.+)$/.exec(m);
  if (ct) return t('finding.contentType', { type: contentTypeLabel(t, ct[1]!) });
  if (LANGS.has(m)) return languageName(t, m);
  return quote(locale, m);
}

/** "image 2 (nl)" or "carte.png (1) (nl)": the image and the language its alt text is missing in. */
function imageInLanguage(t: Translate, m: string): string {
  const r = /^(.*) \((fr|nl|de|en)\)$/.exec(m);
  if (!r) return m;
  const generic = /^image (\d+)$/.exec(r[1]!);
  const image = generic ? t('finding.imageNumber', { n: Number(generic[1]) }) : r[1]!;
  return t('finding.imageIn', { image, language: languageName(t, r[2]!) });
}

/** The finding's explanation in the interface language, or null when the rule is unknown here. */
export function findingText(t: Translate, locale: string, f: Finding): string | null {
  const words = () => list(locale, f.matched.map((m) => matchedWord(t, locale, m)));
  const languages = () => list(locale, f.matched.map((m) => (LANGS.has(m) ? languageName(t, m) : m)));
  switch (f.rule) {
    case 'attestation':
      return t('finding.attestation');
    case 'language_parity':
      return t('finding.language_parity', { languages: languages(), count: f.matched.length });
    case 'stale_variant':
      return t('finding.stale_variant', { languages: languages(), count: f.matched.length });
    case 'sensitive_subject':
      return t('finding.sensitive_subject', { words: words() });
    case 'neutrality':
      return f.effect === 'needs_spokesperson' ? t('finding.neutrality_election', { words: words() }) : t('finding.neutrality', { words: words() });
    case 'alt_text':
      return t('finding.alt_text', { items: list(locale, f.matched.map((m) => imageInLanguage(t, m))) });
    case 'hashtag_case': {
      const tag = f.matched[0] ?? '';
      // The CamelCase spelling, when the text spells the words, is only in the server's sentence.
      const suggestion = /Write (#\S+) instead of/.exec(f.message)?.[1];
      return suggestion ? t('finding.hashtag_suggest', { tag, suggestion }) : t('finding.hashtag_case', { tag });
    }
    case 'link_text':
      return f.effect === 'blocks' ? t('finding.link_only', { languages: languages() }) : t('finding.link_text', { words: words() });
    case 'empty_variant':
      return t('finding.empty_variant', { languages: languages(), count: f.matched.length });
    default:
      return null;
  }
}

export function effectHeading(t: Translate, effect: string): string {
  switch (effect) {
    case 'blocks':
      return t('findings.blocks');
    case 'needs_spokesperson':
      return t('findings.needsSpokesperson');
    default:
      return t('findings.advice');
  }
}

/** Rules whose matched items are words of the post (the others name languages or images, said in the sentence). */
function showsWords(f: Finding): boolean {
  if (f.rule === 'link_text') return f.effect !== 'blocks';
  return !['attestation', 'language_parity', 'stale_variant', 'alt_text', 'empty_variant'].includes(f.rule);
}

const EFFECT_ORDER = ['blocks', 'needs_spokesperson', 'advice'];

/** The findings grouped by effect, each with its explanation, its words, who can unblock it and where the rule comes from. */
export function FindingsList({ findings, orgs, headingLevel = 3 }: { findings: Finding[]; orgs: Organisation[]; headingLevel?: 3 | 4 }) {
  const t = useT();
  const { locale } = useLocale();
  const nameOf = useOrgName();
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const H = headingLevel === 3 ? 'h3' : 'h4';
  if (findings.length === 0) return <p data-testid="no-findings">{t('findings.none')}</p>;
  const groups = EFFECT_ORDER.map((e) => ({ effect: e, items: findings.filter((f) => (EFFECT_ORDER.includes(f.effect) ? f.effect : 'advice') === e) })).filter((g) => g.items.length > 0);
  return (
    <div className="findings">
      {groups.map((g) => (
        <div key={g.effect} className={`findings-group findings-${g.effect}`} data-effect={g.effect}>
          <H className="findings-heading">
            {effectHeading(t, g.effect)} ({g.items.length})
          </H>
          <ul className="findings-list">
            {g.items.map((f, i) => {
              const text = findingText(t, locale, f);
              const org = f.set_by ? orgById.get(f.set_by) : undefined;
              return (
                <li key={`${f.rule}-${i}`} className="finding" data-rule={f.rule}>
                  <p className="finding-text">{text ?? <span lang="en">{f.message}</span>}</p>
                  {f.matched.length > 0 && showsWords(f) && (
                    <p className="finding-matched">
                      {t('findings.matched')}{' '}
                      {f.matched.map((m, j) => (
                        <span key={j}>
                          {j > 0 && ', '}
                          <mark className="matched-word">{m.startsWith('content type: ') ? matchedWord(t, locale, m) : m}</mark>
                        </span>
                      ))}
                    </p>
                  )}
                  <p className="finding-meta">
                    {f.effect === 'advice'
                      ? t('findings.adviceOnly')
                      : f.unblock === 'spokesperson'
                        ? t('findings.unblockSpokesperson')
                        : t('findings.unblockAuthor')}{' '}
                    {f.set_by ? t('findings.setBy', { organisation: org ? nameOf(org.names, org.slug) : `#${f.set_by}` }) : t('findings.setByDefault')}
                  </p>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </div>
  );
}
