/**
 * The one list of built-in recognizers. `createGuardrails` starts from it; callers may build
 * their own registry (add a learned scorer, drop a noisy recognizer, load extra packs).
 */
import { loadPack, type CompiledPack } from './pattern-pack.ts';
import { PackRecognizer } from './pack-recognizer.ts';
import { RecognizerRegistry } from './registry.ts';
import { creditCardRecognizer } from './recognizers/pii/credit-card.ts';
import { emailRecognizer } from './recognizers/pii/email.ts';
import { ibanRecognizer } from './recognizers/pii/iban.ts';
import { ipAddressRecognizer } from './recognizers/pii/ip-address.ts';
import { keyMaterialRecognizer } from './recognizers/pii/key-material.ts';
import { koreanLandlineRecognizer } from './recognizers/pii/korean-landline.ts';
import { koreanPhoneRecognizer } from './recognizers/pii/korean-phone.ts';
import { koreanRrnRecognizer } from './recognizers/pii/korean-rrn.ts';
import { passportRecognizer } from './recognizers/pii/passport.ts';
import { phoneRecognizer } from './recognizers/pii/phone.ts';
import { secretAssignmentRecognizer } from './recognizers/pii/secret-assignment.ts';
import { urlCredentialsRecognizer } from './recognizers/pii/url-credentials.ts';
import { usPhoneRecognizer } from './recognizers/pii/us-phone.ts';
import { usSsnRecognizer } from './recognizers/pii/us-ssn.ts';
import { SecretEchoRecognizer } from './recognizers/leak/secret-echo.ts';
import { SystemPromptEchoRecognizer } from './recognizers/leak/system-prompt-echo.ts';
import { AdversarialSuffixRecognizer } from './recognizers/injection/adversarial-suffix.ts';
import { TableInterruptionRecognizer } from './recognizers/injection/table-interruption.ts';
import injectionPack from './packs/injection.json' with { type: 'json' };
import toxicityPack from './packs/toxicity.json' with { type: 'json' };
import leakPack from './packs/prompt-leak.json' with { type: 'json' };
import secretPack from './packs/secret-tokens.json' with { type: 'json' };

/** The built-in packs as data, for listing, editing and tests. */
export const BUILTIN_PACKS: readonly unknown[] = [injectionPack, toxicityPack, leakPack, secretPack];

let compiled: CompiledPack[] | undefined;

/**
 * Built-in packs loaded once, their regexes built on first use (`lazy`: the test suite loads
 * them eagerly and expects no diagnostic); a built-in pack with a diagnostic is a programmer
 * error.
 */
export function builtinPacks(): CompiledPack[] {
  if (!compiled) {
    compiled = BUILTIN_PACKS.map((data) => {
      const { pack, diagnostics } = loadPack(data, { lazy: true });
      if (!pack || diagnostics.length > 0) {
        throw new Error(`built-in pack is invalid: ${diagnostics.map((d) => `${d.path?.join('.')}: ${d.message}`).join('; ')}`);
      }
      return pack;
    });
  }
  return compiled;
}

export function createDefaultRegistry(): RecognizerRegistry {
  const registry = new RecognizerRegistry([
    emailRecognizer(),
    urlCredentialsRecognizer(),
    creditCardRecognizer(),
    usSsnRecognizer(),
    koreanRrnRecognizer(),
    koreanPhoneRecognizer(),
    koreanLandlineRecognizer(),
    usPhoneRecognizer(),
    phoneRecognizer(),
    ipAddressRecognizer(),
    ibanRecognizer(),
    passportRecognizer(),
    secretAssignmentRecognizer(),
    keyMaterialRecognizer(),
    new SystemPromptEchoRecognizer(),
    new SecretEchoRecognizer(),
    new AdversarialSuffixRecognizer(),
    new TableInterruptionRecognizer(),
  ]);
  for (const pack of builtinPacks()) {
    registry.add(new PackRecognizer(pack, pack.guardrail === 'prompt_leak' ? { directions: ['output'] } : {}));
  }
  return registry;
}
