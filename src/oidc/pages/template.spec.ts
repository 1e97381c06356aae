import {
  compileTemplate,
  escapeHtml,
  formatString,
  placeholdersOf,
  TemplateError,
  TemplateSchema,
  TemplateValues,
} from './template';

describe('hosted page templates', () => {
  const schema: TemplateSchema = { values: ['client', 'action'], fragments: ['hidden'] };
  const strings = new Map([
    ['login.intro', 'Sign in to <b>{client}</b> & go'],
    ['login.plain', 'Plain'],
    ['login.stray', 'Use {unknown}'],
  ]);
  const compile = (source: string) => compileTemplate('login.html', source, schema, strings);

  it('escapes & < > " \' and the backtick', () => {
    expect(escapeHtml(`&<>"'\``)).toBe('&amp;&lt;&gt;&quot;&#39;&#96;');
    expect(escapeHtml('plain text')).toBe('plain text');
  });

  it('inserts values escaped and fragments as they are', () => {
    const sut = compile('<form action="{{action}}">{{{hidden}}}<p>{{ client }}</p></form>');

    const html = sut.render(
      { action: '/a?x=1&y="2"', client: '"><script>alert(`x`)</script>' },
      { hidden: '<input type="hidden">' },
    );

    expect(html).toBe(
      '<form action="/a?x=1&amp;y=&quot;2&quot;"><input type="hidden"><p>&quot;&gt;&lt;script&gt;' +
        'alert(&#96;x&#96;)&lt;/script&gt;</p></form>',
    );
  });

  it('inserts a string escaped, its placeholders filled with escaped values', () => {
    const sut = compile('<p>{{t:login.intro}}</p>');

    expect(sut.render({ client: "O'Neil <Apps>", action: '' }, { hidden: '' })).toBe(
      '<p>Sign in to &lt;b&gt;O&#39;Neil &lt;Apps&gt;&lt;/b&gt; &amp; go</p>',
    );
  });

  it('renders the same output on every call (the template holds no state)', () => {
    const sut = compile('{{t:login.plain}} {{client}}');
    const values = { client: 'A', action: '' };

    expect(sut.render(values, { hidden: '' })).toBe('Plain A');
    expect(sut.render(values, { hidden: '' })).toBe('Plain A');
  });

  it.each([
    ['an unknown variable', '<p>{{nope}}</p>', 'unknown variable {{nope}}'],
    ['an unknown fragment', '{{{nope}}}', 'unknown fragment {{{nope}}}'],
    ['a value inserted unescaped', '{{{client}}}', 'would insert a value unescaped'],
    ['a fragment inserted escaped', '{{hidden}}', 'is a fragment'],
    ['an unknown string key', '{{t:login.nope}}', 'unknown string {{t:login.nope}}'],
    ['a string with a placeholder the page lacks', '{{t:login.stray}}', 'uses {unknown}'],
    ['a malformed tag', '<p>{{client</p>', 'malformed tag'],
    ['a stray closing pair', '<p>client}}</p>', 'malformed tag'],
  ])('fails when compiled, naming the file, for %s', (_case, source, problem) => {
    expect(() => compile(source)).toThrow(TemplateError);
    expect(() => compile(source)).toThrow(`login.html: `);
    expect(() => compile(source)).toThrow(problem);
  });

  it('refuses to render without a value the template uses (the renderer would be at fault)', () => {
    const sut = compile('{{client}}');

    expect(() => sut.render({}, {})).toThrow('no value given for client');
  });

  it('looks names up as own keys only', () => {
    const sut = compile('{{client}}');

    expect(() =>
      sut.render(Object.create({ client: 'inherited' }) as TemplateValues, {}),
    ).toThrow();
  });

  it('fills and lists placeholders, and fails on one without a value', () => {
    expect(placeholdersOf('Use {name} as {role}')).toEqual(['name', 'role']);
    expect(formatString('Use the permission {name}', { name: 'orders:read' })).toBe(
      'Use the permission orders:read',
    );
    expect(() => formatString('Hello {who}', {})).toThrow('{who}');
  });
});
