import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config';
import { loadPageAssets, PageAssets, PageTemplate } from './page-assets';
import { pageHeaders } from './page-headers';
import {
  ConsentScope,
  ConsentView,
  ErrorView,
  HiddenFields,
  LoginView,
  LogoutView,
  MfaView,
  PageErrorKey,
  RenderedPage,
  Stylesheet,
} from './page-views';
import { escapeHtml, formatString, TemplateValues } from './template';

export type {
  ConsentScope,
  ConsentView,
  ErrorView,
  HiddenFields,
  LoginView,
  LogoutView,
  MfaView,
  PageErrorKey,
  RenderedPage,
  Stylesheet,
} from './page-views';
export { PAGE_ERROR_KEYS } from './page-views';

/** The id of the error block, which the fields in error name in `aria-describedby`. */
const ERROR_ID = 'page-error';

/** Errors about what was typed: the fields are marked invalid, not only described. */
const FIELD_ERRORS: ReadonlySet<PageErrorKey> = new Set(['invalid_credentials', 'invalid_code']);

interface FieldState {
  autofocus: boolean;
  error: PageErrorKey | undefined;
}

/**
 * The hosted pages of the authorization flow (login, second factor, consent, logout), rendered
 * on the server from data-file templates so they work without JavaScript and under a policy
 * that allows no script. Templates, strings and the stylesheet are read once, here, so a broken
 * theme (THEME_DIR) stops the start-up instead of a sign-in.
 */
@Injectable()
export class PageRenderer {
  private readonly assets: PageAssets;
  private readonly sheet: Stylesheet;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.assets = loadPageAssets(config.oidc.themeDir);
    const { css } = this.assets;
    this.sheet = { css, etag: `"${createHash('sha256').update(css).digest('base64url')}"` };
  }

  login(view: LoginView): RenderedPage {
    const username = view.username ?? '';
    // A known username (login_hint, or a failed try) leaves only the password to type.
    const passwordFirst = username !== '';
    return this.page('login.html', 'login.title', view.status ?? 200, view.formTargets, {
      values: { action: view.action, client: view.clientName, username },
      fragments: {
        hidden: hiddenInputs(view.hidden),
        error: this.errorBlock(view.error),
        username_attributes: fieldAttributes({ autofocus: !passwordFirst, error: view.error }),
        password_attributes: fieldAttributes({ autofocus: passwordFirst, error: view.error }),
      },
    });
  }

  mfa(view: MfaView): RenderedPage {
    return this.page('mfa.html', 'mfa.title', view.status ?? 200, view.formTargets, {
      values: { action: view.action, client: view.clientName },
      fragments: {
        hidden: hiddenInputs(view.hidden),
        error: this.errorBlock(view.error),
        code_attributes: fieldAttributes({ autofocus: true, error: view.error }),
      },
    });
  }

  consent(view: ConsentView): RenderedPage {
    return this.page('consent.html', 'consent.title', 200, view.formTargets, {
      values: { action: view.action, client: view.clientName },
      fragments: { hidden: hiddenInputs(view.hidden), scopes: this.scopeList(view.scopes) },
    });
  }

  logout(view: LogoutView): RenderedPage {
    const client = view.clientName ?? '';
    const intro =
      client === ''
        ? this.text('logout.intro')
        : formatString(this.text('logout.intro_client'), { client });
    return this.page('logout.html', 'logout.title', 200, view.formTargets, {
      values: { action: view.action, client, intro },
      fragments: { hidden: hiddenInputs(view.hidden) },
    });
  }

  loggedOut(): RenderedPage {
    return this.page('logged-out.html', 'logged_out.title', 200, [], {
      values: {},
      fragments: {},
    });
  }

  error(view: ErrorView): RenderedPage {
    const description =
      view.description === undefined || view.description === ''
        ? ''
        : `<p class="description">${escapeHtml(view.description)}</p>`;
    return this.page('error.html', 'error_page.title', view.status, [], {
      values: { code: view.error, message: this.errorText(view.error) },
      fragments: { description },
    });
  }

  stylesheet(): Stylesheet {
    return this.sheet;
  }

  private page(
    template: PageTemplate,
    titleKey: string,
    status: number,
    formTargets: readonly string[] | undefined,
    content: { values: TemplateValues; fragments: TemplateValues },
  ): RenderedPage {
    const { templates } = this.assets;
    const html = templates['layout.html'].render(
      { lang: this.text('page.lang'), title: this.text(titleKey) },
      { content: templates[template].render(content.values, content.fragments) },
    );
    return { status, html, headers: pageHeaders(formTargets ?? []) };
  }

  private errorBlock(error: PageErrorKey | undefined): string {
    if (error === undefined) return '';
    const text = escapeHtml(this.errorText(error));
    return `<div class="alert" role="alert" id="${ERROR_ID}"><p>${text}</p></div>`;
  }

  /** The text for an error code, or the generic one for a code strings.json does not know. */
  private errorText(code: string): string {
    return this.assets.strings.get(`error.${code}`) ?? this.text('error.generic');
  }

  private scopeList(scopes: ReadonlyArray<ConsentScope>): string {
    if (scopes.length === 0) return '';
    const items = scopes.map((scope) => `<li>${escapeHtml(this.scopeText(scope))}</li>`);
    return `<ul class="scopes">\n${items.join('\n')}\n</ul>`;
  }

  private scopeText({ name, permission }: ConsentScope): string {
    const { strings } = this.assets;
    const known = permission ? undefined : strings.get(`scope.${name}`);
    const text = known ?? this.text(permission ? 'scope.permission' : 'scope.other');
    return formatString(text, { name });
  }

  /** A string the loader has checked is present. */
  private text(key: string): string {
    const text = this.assets.strings.get(key);
    if (text === undefined) throw new Error(`The string "${key}" is missing`);
    return text;
  }
}

function hiddenInputs(fields: HiddenFields): string {
  return fields
    .map(([name, value]) => {
      return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
    })
    .join('\n');
}

/** Attributes appended to an input: focus, and its link to the error block (WCAG 3.3.1). */
function fieldAttributes({ autofocus, error }: FieldState): string {
  let attributes = autofocus ? ' autofocus' : '';
  if (error !== undefined) attributes += ` aria-describedby="${ERROR_ID}"`;
  if (error !== undefined && FIELD_ERRORS.has(error)) attributes += ' aria-invalid="true"';
  return attributes;
}
