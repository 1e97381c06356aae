import { getMetadataStorage, MetadataStorage, ValidationTypes } from 'class-validator';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

/** What one parameter of an OAuth DTO asks of a string: present or not, and a length bound. */
interface StringRule {
  optional: boolean;
  /** MaxLength's bound, in UTF-16 code units here (see passes). */
  maxLength: number | undefined;
}

/**
 * The DTO's validation, read from its class-validator decorators, where it is simple enough to
 * check without class-validator: for each parameter whose only decorators are IsOptional,
 * IsString, IsNotEmpty and MaxLength, a StringRule; any other parameter is "complex" (a
 * custom validator such as IsAudienceList). Every body OAuthBodyPipe receives pays for
 * class-transformer and class-validator otherwise, and a token request is nearly always a few
 * short strings.
 */
export class StringFieldRules {
  private readonly rules = new Map<string, StringRule>();
  private readonly complex = new Set<string>();
  private readonly required: string[] = [];

  constructor(dto: new () => object) {
    const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const entry of metadata) {
      byProperty.set(entry.propertyName, [...(byProperty.get(entry.propertyName) ?? []), entry]);
    }
    for (const [property, entries] of byProperty) {
      const rule = stringRuleOf(entries);
      if (rule === undefined) this.complex.add(property);
      else this.rules.set(property, rule);
      if (rule !== undefined && !rule.optional) this.required.push(property);
    }
  }

  /**
   * The DTO's instance of these parameters (empty ones already dropped), when they certainly
   * pass its validation: strings within their bounds, every required one present, no complex
   * one present. Unknown parameters are left out, as class-validator's `whitelist` strips them.
   * Undefined when class-validator must decide (and word the refusal, if any).
   */
  accept<T extends object>(dto: new () => T, present: Record<string, unknown>): T | undefined {
    for (const property of this.required) if (!(property in present)) return undefined;
    const instance = new dto() as Record<string, unknown>;
    for (const [name, value] of Object.entries(present)) {
      if (this.complex.has(name)) return undefined;
      const rule = this.rules.get(name);
      if (rule === undefined) continue;
      if (!passes(rule, value)) return undefined;
      instance[name] = value;
    }
    return instance as T;
  }
}

/**
 * MaxLength counts a surrogate pair or a variation sequence as one character, so a string no
 * longer than the bound in code units is within it; a longer one is left to class-validator.
 */
function passes(rule: StringRule, value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0) return false;
  return rule.maxLength === undefined || value.length <= rule.maxLength;
}

const SIMPLE_CHECKS = new Set(['isString', 'isNotEmpty', 'maxLength']);

function stringRuleOf(entries: readonly ValidationMetadata[]): StringRule | undefined {
  let optional = false;
  let isString = false;
  let maxLength: number | undefined;
  for (const entry of entries) {
    // Groups or `each` change what the decorator means: class-validator's call.
    if (entry.each || (entry.groups?.length ?? 0) > 0) return undefined;
    if (entry.type === ValidationTypes.CONDITIONAL_VALIDATION && entry.name === 'isOptional') {
      optional = true;
    } else if (
      entry.type === ValidationTypes.CUSTOM_VALIDATION &&
      SIMPLE_CHECKS.has(entry.name ?? '')
    ) {
      if (entry.name === 'isString') isString = true;
      if (entry.name === 'maxLength') maxLength = Number(entry.constraints[0]);
    } else {
      return undefined;
    }
  }
  return isString ? { optional, maxLength } : undefined;
}
