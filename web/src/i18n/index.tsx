// Interface language: message catalogues, choice (localStorage, else browser, else French),
// and <html lang>. Catalogues are flat ICU MessageFormat dictionaries with identical keys.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { IntlProvider } from 'react-intl';
import type { Language, Names } from '../api';
import de from './de.json';
import en from './en.json';
import fr from './fr.json';
import nl from './nl.json';

export const UI_LANGUAGES: Language[] = ['fr', 'nl', 'de', 'en'];

/** Each language's name in itself, for the switcher. */
export const LANGUAGE_AUTONYMS: Record<Language, string> = {
  fr: 'Français',
  nl: 'Nederlands',
  de: 'Deutsch',
  en: 'English',
};

const CATALOGUES: Record<Language, Record<string, string>> = { fr, nl, de, en };

export type MessageId = keyof typeof en;

const STORAGE_KEY = 'belfry.locale';

function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (UI_LANGUAGES as string[]).includes(v);
}

export function initialLocale(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    /* storage unavailable: fall through */
  }
  const prefs = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of prefs) {
    const base = (tag || '').toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'fr';
}

interface LocaleState {
  locale: Language;
  setLocale: (l: Language) => void;
}

const LocaleContext = createContext<LocaleState>({ locale: 'fr', setLocale: () => {} });

export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Language>(initialLocale);

  const setLocale = useCallback((l: Language) => {
    setLocaleState(l);
    try {
      window.localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* ignore */
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return (
    <LocaleContext.Provider value={value}>
      <IntlProvider locale={locale} messages={CATALOGUES[locale]} defaultLocale="en">
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}

const FALLBACK_ORDER: Language[] = ['fr', 'nl', 'en', 'de'];

/** A name in the wanted language, else the first available one, with the language it is in. */
export function pickName(names: Names | undefined | null, locale: Language, fallback = ''): { text: string; lang: Language | null } {
  if (names) {
    const own = names[locale];
    if (own) return { text: own, lang: locale };
    for (const l of FALLBACK_ORDER) {
      const v = names[l];
      if (v) return { text: v, lang: l };
    }
  }
  return { text: fallback, lang: null };
}
