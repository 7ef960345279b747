// What the agent can do in a page. Each function is injected with chrome.scripting.executeScript,
// so it must be self-contained (no references outside its own body) and return plain data.
// Failures come back as `{ok: false, error}` rather than throws, which the injection would lose.

export interface PageSnapshot {
  url: string;
  text: string;
  buttons: { selector: string; label: string }[];
  inputs: { selector: string; kind: string }[];
  forms: { selector: string }[];
  links: string[];
}

export type PageResult<T = unknown> = { ok: true; value: T } | { ok: false; error: string };

export function readPage(): PageResult<PageSnapshot> {
  const selectorOf = (el: Element): string | null => {
    if (el.id) return `#${CSS.escape(el.id)}`;
    const name = el.getAttribute('name');
    return name ? `${el.tagName.toLowerCase()}[name="${CSS.escape(name)}"]` : null;
  };
  const pick = <T>(list: Iterable<Element>, map: (el: Element, selector: string) => T): T[] =>
    [...list].flatMap((el) => {
      const selector = selectorOf(el);
      return selector ? [map(el, selector)] : [];
    });
  return {
    ok: true,
    value: {
      url: location.href,
      text: document.body.innerText,
      buttons: pick(document.querySelectorAll('button:not([type=submit])'), (el, selector) => ({ selector, label: (el.textContent ?? '').trim() })),
      inputs: pick(document.querySelectorAll('input:not([type=hidden]):not([type=submit])'), (el, selector) => ({ selector, kind: (el as HTMLInputElement).type })),
      forms: pick(document.forms, (_el, selector) => ({ selector })),
      links: [...document.links].map((a) => a.href).filter((href) => href.split('#')[0] !== location.href.split('#')[0]),
    },
  };
}

export function click(selector: string): PageResult<string> {
  const el = document.querySelector(selector);
  if (!(el instanceof HTMLElement)) return { ok: false, error: `no element matches ${selector}` };
  el.click();
  return { ok: true, value: `clicked ${selector}` };
}

export function fill(selector: string, value: string): PageResult<string> {
  const el = document.querySelector(selector);
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return { ok: false, error: `no field matches ${selector}` };
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
  return { ok: true, value: `filled ${selector}` };
}

export function submit(selector: string): PageResult<string> {
  const form = document.querySelector(selector);
  if (!(form instanceof HTMLFormElement)) return { ok: false, error: `no form matches ${selector}` };
  form.requestSubmit();
  return { ok: true, value: `submitted ${selector}` };
}

/**
 * "Run script" runs one of the scripts packaged with the extension, by name: MV3 forbids running
 * code that is not part of the package, and the extension's CSP forbids eval.
 */
export function runNamedScript(name: string): PageResult<unknown> {
  if (name === 'count_links') return { ok: true, value: document.links.length };
  if (name === 'scroll_to_bottom') {
    window.scrollTo(0, document.body.scrollHeight);
    return { ok: true, value: 'scrolled' };
  }
  return { ok: false, error: `no packaged script named ${name}` };
}
