import type { ComponentChildren } from 'preact';
import { createContext } from 'preact';
import { useContext, useId, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, NetworkError, type Problem, write, type WriteResult } from '../api/client.js';
import { useI18n } from '../i18n/index.js';
import { inParens, labelled } from '../i18n/punctuation.js';
import type { Messages } from '../i18n/zh.js';
import { fieldMessage } from '../validation-messages.js';
import { ProblemBox } from './problem.js';

// Forms for the register's writes. What the user typed stays in the form until the register
// accepts it: a refusal (409 with its rule, or the form's own before sending), a bad field (400) or
// a lost connection changes nothing the user sees except the message next to the form.

export type FormValues = Record<string, string | boolean>;

export interface FormState<T extends FormValues> {
  values: T;
  set: <K extends keyof T>(name: K, value: T[K]) => void;
  reset: () => void;
}

export function useForm<T extends FormValues>(initial: T): FormState<T> {
  const [values, setValues] = useState<T>(initial);
  const initialRef = useRef(initial);
  return {
    values,
    set: (name, value) => setValues((previous) => ({ ...previous, [name]: value })),
    reset: () => setValues(initialRef.current),
  };
}

/** The top-level field of the request body a 400's error path names (`reporter.name` → `reporter`). */
function topLevelField(path: string | undefined): string | undefined {
  return String(path ?? '')
    .replace(/^\/?(body[./])?/, '')
    .split(/[./[\]]/)
    .find((segment) => segment !== '');
}

/** The 400 answer's failing fields, by the top-level field they belong to, said in the page's language. */
function fieldErrors(problem: Problem | null, m: Messages, lang: string): Map<string, string> {
  const errors = new Map<string, string>();
  for (const error of problem?.errors ?? []) {
    const field = topLevelField(error.path);
    if (field && !errors.has(field)) errors.set(field, fieldMessage(error.message, m, lang));
  }
  return errors;
}

const FieldErrorsContext = createContext<Map<string, string>>(new Map());

/**
 * The labels of a form's fields, by the API field whose errors they show: the form's problem box
 * names a failing field as the user sees it (改为（减轻时）), not by its name in the API. Fields
 * note their label as they render, before the box below them does.
 */
const FieldLabelsContext = createContext<Map<string, string> | null>(null);

function useLabelNoted(props: { name: string; errorKey?: string; label: string }): void {
  const labels = useContext(FieldLabelsContext);
  const key = props.errorKey ?? props.name;
  // Two fields sharing one API field (a reporter's name and contact): the first names it.
  if (labels && !labels.has(key)) labels.set(key, props.label);
}

interface WriteFormProps<T extends FormValues> {
  /** Heading of the form; also its accessible name. */
  title: string;
  form: FormState<T>;
  /** Where to POST. */
  path: string;
  /** The request body from the form's values (blank optional fields left out). */
  body: (values: T) => unknown;
  /**
   * Why the values cannot be sent, said before sending (a choice the register would only answer
   * with a 400 the user could not place), or null when they can.
   */
  refuse?: (values: T) => string | null;
  /** What to tell the user once the register accepted it. */
  successText?: (result: WriteResult) => string;
  onDone?: (result: WriteResult) => void;
  submitLabel?: string;
  /** Clear the fields after success (default), or keep them (e.g. a filter-like form). */
  resetOnSuccess?: boolean;
  children: ComponentChildren;
  testId?: string;
  /** False when the page's own heading already names the form. */
  showTitle?: boolean;
}

export function WriteForm<T extends FormValues>(props: WriteFormProps<T>) {
  const { m, lang } = useI18n();
  const headingId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | 'network' | null>(null);
  // Whether the form refused the last submission: its reason is said from the values of the moment
  // (in the page's language, and gone once the values are fixed).
  const [refused, setRefused] = useState(false);
  const refusal = refused ? props.refuse?.(props.form.values) ?? null : null;
  const [done, setDone] = useState<string | null>(null);
  const pending = useRef<{ key: string; body: string } | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  // Anew with the language: the labels are the page's words.
  const labels = useMemo(() => new Map<string, string>(), [lang]);

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const refuses = (props.refuse?.(props.form.values) ?? null) !== null;
    setRefused(refuses);
    if (refuses) {
      setDone(null);
      // The register's answer to an earlier submission is no longer the news: the form's own refusal is.
      setError(null);
      queueMicrotask(() => alertRef.current?.focus());
      return;
    }
    const body = props.body(props.form.values);
    const bodyText = JSON.stringify(body);
    // A retry of the same body after a lost answer reuses its key: the register writes it once.
    const key = pending.current?.body === bodyText ? pending.current.key : crypto.randomUUID();
    pending.current = { key, body: bodyText };
    setBusy(true);
    setDone(null);
    try {
      const result = await write(props.path, body, key);
      pending.current = null;
      setError(null);
      setDone(props.successText ? props.successText(result) : `${labelled(props.title, m.common.saved, lang)}${inParens(`${m.common.id} ${result.id}`, lang)}`);
      if (props.resetOnSuccess !== false) props.form.reset();
      props.onDone?.(result);
    } catch (caught) {
      if (caught instanceof ApiError) {
        pending.current = null; // the register answered: a new attempt is a new request
        setError(caught.problem);
      } else if (caught instanceof NetworkError) {
        setError('network');
      } else {
        throw caught;
      }
      queueMicrotask(() => alertRef.current?.focus());
    } finally {
      setBusy(false);
    }
  }

  const problem = error === 'network' || error === null ? null : error;
  return (
    <section
      class="write-form"
      aria-labelledby={props.showTitle === false ? undefined : headingId}
      aria-label={props.showTitle === false ? props.title : undefined}
      data-testid={props.testId}
    >
      {props.showTitle !== false && <h3 id={headingId}>{props.title}</h3>}
      <form onSubmit={onSubmit} noValidate={false}>
        <FieldLabelsContext.Provider value={labels}>
          <FieldErrorsContext.Provider value={fieldErrors(problem, m, lang)}>{props.children}</FieldErrorsContext.Provider>
        </FieldLabelsContext.Provider>
        <div class="form-actions">
          <button type="submit" disabled={busy}>{busy ? m.common.submitting : props.submitLabel ?? m.common.submit}</button>
        </div>
      </form>
      <div ref={alertRef} tabIndex={-1} class="form-feedback">
        {refusal !== null
          ? <div class="problem" role="alert" data-testid="form-refusal"><strong>{m.errors.title}</strong><p>{refusal}</p></div>
          : (
            <>
              {error === 'network' && <div class="problem" role="alert"><strong>{m.errors.title}</strong><p>{m.errors.network}</p></div>}
              {problem && <ProblemBox problem={problem} fieldLabel={(path) => labels.get(topLevelField(path) ?? '')} />}
              {done && !error && <p class="success" role="status">{done}</p>}
            </>
          )}
      </div>
    </section>
  );
}

interface FieldProps<T extends FormValues> {
  form: FormState<T>;
  name: keyof T & string;
  label: string;
  help?: string;
  required?: boolean;
  /** The API field whose 400 error belongs here, when it differs from `name`. */
  errorKey?: string;
}

function FieldShell(props: { id: string; label: string; help?: string; required?: boolean; error?: string; children: ComponentChildren; inline?: boolean }) {
  const { m } = useI18n();
  return (
    <div class={`field${props.inline ? ' field-inline' : ''}${props.error ? ' field-error' : ''}`}>
      {props.inline && props.children}
      <label for={props.id}>
        {props.label}
        {props.inline ? null : props.required
          ? <span class="required" aria-hidden="true"> *</span>
          : <span class="optional">{m.common.optional}</span>}
      </label>
      {!props.inline && props.children}
      {props.help && <small id={`${props.id}-help`} class="help">{props.help}</small>}
      {props.error && <small id={`${props.id}-error`} class="error-text">{props.error}</small>}
    </div>
  );
}

function describedBy(id: string, help?: string, error?: string): string | undefined {
  const ids = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

export function TextField<T extends FormValues>(props: FieldProps<T> & { type?: 'text' | 'date' | 'number' | 'datetime-local'; multiline?: boolean; placeholder?: string; list?: string; pattern?: string }) {
  useLabelNoted(props);
  const id = useId();
  const error = useContext(FieldErrorsContext).get(props.errorKey ?? props.name);
  const value = String(props.form.values[props.name] ?? '');
  const common = {
    id,
    name: props.name,
    value,
    required: props.required,
    placeholder: props.placeholder,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, props.help, error),
    onInput: (event: Event) => props.form.set(props.name, (event.currentTarget as HTMLInputElement).value as T[typeof props.name]),
  };
  return (
    <FieldShell id={id} label={props.label} help={props.help} required={props.required} error={error}>
      {props.multiline
        ? <textarea {...common} rows={3} />
        : <input {...common} type={props.type ?? 'text'} list={props.list} pattern={props.pattern} autocomplete="off" />}
    </FieldShell>
  );
}

export function SelectField<T extends FormValues>(props: FieldProps<T> & { options: Record<string, string>; blank?: string }) {
  useLabelNoted(props);
  const id = useId();
  const error = useContext(FieldErrorsContext).get(props.errorKey ?? props.name);
  const value = String(props.form.values[props.name] ?? '');
  return (
    <FieldShell id={id} label={props.label} help={props.help} required={props.required} error={error}>
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, props.help, error)}
        onChange={(event) => props.form.set(props.name, (event.currentTarget as HTMLSelectElement).value as T[typeof props.name])}
      >
        <option value="" selected={value === ''}>{props.blank ?? '—'}</option>
        {Object.entries(props.options).map(([code, name]) => (
          <option key={code} value={code} selected={value === code}>{name}</option>
        ))}
      </select>
    </FieldShell>
  );
}

export function CheckboxField<T extends FormValues>(props: FieldProps<T>) {
  useLabelNoted(props);
  const id = useId();
  const error = useContext(FieldErrorsContext).get(props.errorKey ?? props.name);
  return (
    <FieldShell id={id} label={props.label} help={props.help} required={false} error={error} inline>
      <input
        id={id}
        type="checkbox"
        name={props.name}
        checked={props.form.values[props.name] === true}
        aria-describedby={describedBy(id, props.help, error)}
        onChange={(event) => props.form.set(props.name, (event.currentTarget as HTMLInputElement).checked as T[typeof props.name])}
      />
    </FieldShell>
  );
}

/** Leaves out blank optional fields, so the register sees only what the user filled in. */
export function compact<T extends Record<string, unknown>>(body: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === '' || value === undefined || value === null) continue;
    out[key] = typeof value === 'string' ? value.trim() : value;
  }
  return out as Partial<T>;
}
