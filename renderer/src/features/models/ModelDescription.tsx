import type { ComponentPropsWithoutRef } from 'react';
import Markdown, { defaultUrlTransform, type Components } from 'react-markdown';

/**
 * A registry description rendered as Markdown, safely: it is text anyone with write access
 * to the registry wrote. Raw HTML is dropped (skipHtml), images are never fetched (a remote
 * image would leak that this description was read, and from where) but shown as a link, and
 * links open outside the app — in the desktop app the main process hands http(s) links to
 * the OS browser; react-markdown's default URL filter already drops javascript: and the like.
 */
const COMPONENTS: Components = {
  a: ({ href, children }: ComponentPropsWithoutRef<'a'>) =>
    href ? (
      <a href={href} target="_blank" rel="noreferrer">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  img: ({ src, alt }: ComponentPropsWithoutRef<'img'>) => {
    const label = alt?.trim() ? `Image: ${alt}` : 'Image (not loaded)';
    return typeof src === 'string' && src !== '' ? (
      <a href={src} target="_blank" rel="noreferrer" className="markdown__image-link">
        {label}
      </a>
    ) : (
      <span className="muted">{label}</span>
    );
  },
};

/** Headings inside a description sit below the section's own h2. */
const SHIFTED = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const;
const HEADINGS: Components = Object.fromEntries(
  SHIFTED.map((tag, index) => {
    const Shifted = SHIFTED[Math.min(index + 2, SHIFTED.length - 1)] ?? 'h6';
    return [tag, ({ children }: ComponentPropsWithoutRef<'h1'>) => <Shifted>{children}</Shifted>];
  }),
);

export function ModelDescription({ text }: { text: string }) {
  return (
    <div className="markdown">
      <Markdown skipHtml urlTransform={defaultUrlTransform} components={{ ...HEADINGS, ...COMPONENTS }}>
        {text}
      </Markdown>
    </div>
  );
}
