// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelDescription } from './ModelDescription';

afterEach(cleanup);

describe('ModelDescription', () => {
  it('renders Markdown without raw HTML, remote images or script links', () => {
    const { container } = render(
      <ModelDescription
        text={[
          '# Title',
          '**Decision:** declined <script>alert(1)</script> <b>raw</b>',
          '![chart](https://tracker.example.com/pixel.png)',
          '[docs](https://docs.example.com) [bad](javascript:alert(1))',
        ].join('\n\n')}
      />,
    );
    expect(container.querySelector('strong')?.textContent).toBe('Decision:');
    expect(container.querySelector('script, b, img')).toBeNull();
    expect(container.querySelector('h1')).toBeNull();
    expect(container.querySelector('h3')?.textContent).toBe('Title');
    const links = [...container.querySelectorAll('a')];
    const image = links.find((link) => link.textContent === 'Image: chart');
    expect(image?.getAttribute('href')).toBe('https://tracker.example.com/pixel.png');
    const docs = links.find((link) => link.textContent === 'docs');
    expect(docs?.getAttribute('rel')).toBe('noreferrer');
    expect(docs?.getAttribute('target')).toBe('_blank');
    expect(links.some((link) => (link.getAttribute('href') ?? '').startsWith('javascript:'))).toBe(false);
  });
});
