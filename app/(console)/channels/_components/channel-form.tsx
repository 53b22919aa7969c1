"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { consoleFetch } from "@/components/tasks/console-api";
import { Button } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { Checkbox, Field, FieldError, Input, Select, Textarea } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import { useFormErrors } from "@/components/ui/use-error-text";
import type { AlertEvent, ChannelKind, MessageFormat } from "@/lib/db/schema/alert-channels";
import type { ChannelView } from "@/lib/notify/serialize-channel";
import { alertLocales, type AlertLocale } from "@/lib/notify/alert-locales";
import { alertEvents, channelKinds, eventKey, takesSecret, urlHints } from "./kind-labels";

const placeholders = "${taskId} ${url} ${createTime} ${lastModifiedDate} ${sourceAppName} ${targetAppName} ${callCount} ${limitCallCount} ${lastStatus} ${lastError} ${consoleLink} ${headline}";
// The fields this form shows an error beside; an error on any other path is named in the form's notice.
const formFields = ["name", "url", "secret", "events", "failingAfter", "filters.sourceApps", "filters.targetApps", "filters.targetHosts", "template"] as const;
const list = (s: string) => s.split(/[,\n]/).map((v) => v.trim()).filter(Boolean);

/**
 * Adds or edits a channel. Saved URLs and secrets never come back to the browser: the URL field shows the
 * masked form (sent back unchanged, the server keeps the stored URL) and the secret field stays empty.
 */
export function ChannelForm({ channel }: { channel?: ChannelView }) {
  const router = useRouter();
  const t = useTranslations("channels.form");
  const tc = useTranslations("channels");
  const formErrors = useFormErrors(formFields);
  const viewerLocale = useLocale();
  // A new channel's messages default to the language of whoever sets it up.
  const [locale, setLocale] = useState<AlertLocale>((channel?.locale as AlertLocale | undefined) ?? (viewerLocale === "zh-CN" ? "zh-CN" : "en"));
  const [kind, setKind] = useState<ChannelKind>(channel?.kind ?? "dingtalk");
  const [format, setFormat] = useState<MessageFormat>(channel?.format ?? "text");
  const [events, setEvents] = useState<AlertEvent[]>(channel?.events ?? ["task.exhausted"]);
  const [removeSecret, setRemoveSecret] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (k: string) => String(form.get(k) ?? "");
    const secret = text("secret");
    const body: Record<string, unknown> = {
      name: text("name"),
      url: text("url"),
      format,
      locale,
      template: text("template").trim() ? text("template") : null,
      events,
      failingAfter: Number(text("failingAfter") || 3),
      enabled: form.get("enabled") === "on",
      filters: { sourceApps: list(text("sourceApps")), targetApps: list(text("targetApps")), targetHosts: list(text("targetHosts")) },
    };
    if (!channel) body.kind = kind;
    if (secret) body.secret = secret;
    else if (channel && removeSecret) body.secret = null;
    else if (!channel) body.secret = null;

    setBusy(true);
    setError(null);
    setFields({});
    const res = channel
      ? await consoleFetch(`/api/console/channels/${channel.id}`, { method: "PATCH", body })
      : await consoleFetch(`/api/console/channels`, { method: "POST", body });
    setBusy(false);
    if (!res.ok) {
      const { fields: beside, notice } = formErrors(res);
      setFields(beside);
      return setError(notice);
    }
    router.push("/channels");
    router.refresh();
  };

  // The catalogue writes "${headline}" as "$" then the argument {headline}; the argument is the braces and the name.
  const templatePlaceholder = t("templatePlaceholder", { headline: "{headline}", taskId: "{taskId}", url: "{url}" });
  const toggleEvent = (ev: AlertEvent, on: boolean) => setEvents((cur) => (on ? [...new Set([...cur, ev])] : cur.filter((x) => x !== ev)));
  const usesTemplate = kind !== "webhook";

  return (
    <form onSubmit={submit} className="space-y-5" data-testid="channel-form" noValidate>
      {error && (
        <Notice tone="error" data-testid="form-error">
          {error}
        </Notice>
      )}
      <Card>
        <CardBody className="grid gap-4 md:grid-cols-2">
          <Field label={t("name")} error={fields.name}>
            {(ids) => <Input {...ids} name="name" required maxLength={128} defaultValue={channel?.name} placeholder={t("namePlaceholder")} />}
          </Field>
          <Field label={t("kind")} hint={channel ? t("kindFixed") : undefined}>
            {(ids) => (
              <Select {...ids} name="kind" value={kind} disabled={!!channel} onChange={(e) => setKind(e.target.value as ChannelKind)}>
                {channelKinds.map((k) => (
                  <option key={k} value={k}>
                    {tc(`kinds.${k}`)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field
            label={t("url")}
            className="md:col-span-2"
            error={fields.url}
            hint={
              channel ? (
                t("urlMasked")
              ) : (
                <>
                  {t("urlExample")} <span data-i18n-exempt>{urlHints[kind]}</span>
                </>
              )
            }
          >
            {(ids) => <Input {...ids} name="url" type="url" required defaultValue={channel?.url} placeholder={urlHints[kind]} className="font-mono" autoComplete="off" />}
          </Field>
          {(takesSecret[kind] || channel?.hasSecret) && (
            <Field label={t("secret")} className="md:col-span-2" error={fields.secret} hint={takesSecret[kind] ? tc(`secretHints.${kind}`) : undefined}>
              {(ids) => (
                <div className="space-y-2">
                  <Input
                    {...ids}
                    name="secret"
                    type="password"
                    autoComplete="new-password"
                    disabled={removeSecret}
                    placeholder={channel?.hasSecret ? t("secretSaved") : ""}
                  />
                  {channel?.hasSecret && (
                    <label className="flex items-center gap-2 text-sm text-slate-700">
                      <Checkbox checked={removeSecret} onChange={(e) => setRemoveSecret(e.target.checked)} /> {t("removeSecret")}
                    </label>
                  )}
                </div>
              )}
            </Field>
          )}
        </CardBody>
      </Card>

      <Card>
        <CardBody className="grid gap-4 md:grid-cols-2">
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-700">{t("alertWhen")}</legend>
            {alertEvents.map((ev) => (
              <label key={ev} className="flex items-center gap-2 text-sm text-slate-700">
                <Checkbox name={`event-${ev}`} checked={events.includes(ev)} onChange={(e) => toggleEvent(ev, e.target.checked)} />
                {tc(`events.${eventKey(ev)}`)}
                <span className="font-mono text-xs text-slate-500" data-i18n-exempt>
                  {ev}
                </span>
              </label>
            ))}
            {fields.events && <FieldError>{fields.events}</FieldError>}
          </fieldset>
          <Field label={t("failingAfter")} hint={t("failingAfterHint")} error={fields.failingAfter}>
            {(ids) => <Input {...ids} name="failingAfter" type="number" min={1} max={100} defaultValue={channel?.failingAfter ?? 3} disabled={!events.includes("task.failing")} />}
          </Field>
          <Field label={t("sourceApps")} hint={t("listHint")} error={fields["filters.sourceApps"]}>
            {(ids) => <Input {...ids} name="sourceApps" defaultValue={channel?.filters.sourceApps.join(", ")} placeholder="shop, crm" data-i18n-exempt />}
          </Field>
          <Field label={t("targetApps")} hint={t("listHint")} error={fields["filters.targetApps"]}>
            {(ids) => <Input {...ids} name="targetApps" defaultValue={channel?.filters.targetApps.join(", ")} placeholder="billing" data-i18n-exempt />}
          </Field>
          <Field label={t("targetHosts")} hint={t("hostsHint")} className="md:col-span-2" error={fields["filters.targetHosts"]}>
            {(ids) => <Input {...ids} name="targetHosts" defaultValue={channel?.filters.targetHosts.join(", ")} placeholder="pay.example.com, *.internal.example.com" />}
          </Field>
        </CardBody>
      </Card>

      {usesTemplate ? (
        <Card>
          <CardBody className="space-y-4">
            <div className="grid gap-4 md:grid-cols-2">
              <Field label={t("format")}>
                {(ids) => (
                  <Select {...ids} name="format" value={format} onChange={(e) => setFormat(e.target.value as MessageFormat)}>
                    <option value="text">{t("formatText")}</option>
                    <option value="markdown">{kind === "slack" ? t("formatBlocks") : kind === "feishu" ? t("formatCard") : t("formatMarkdown")}</option>
                  </Select>
                )}
              </Field>
              <Field label={t("language")} hint={locale === "zh-CN" && (kind === "dingtalk" || kind === "wecom") ? t("languageKkbida") : t("languageHint")}>
                {(ids) => (
                  <Select {...ids} name="locale" value={locale} onChange={(e) => setLocale(e.target.value as AlertLocale)} data-testid="channel-locale">
                    {alertLocales.map((l) => (
                      <option key={l} value={l}>
                        {t(`languages.${l}`)}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
            </div>
            <Field
              label={t("template")}
              error={fields.template}
              hint={
                <>
                  {t.rich("templateHint", {
                    placeholders: () => (
                      <span className="font-mono" data-i18n-exempt>
                        {placeholders}
                      </span>
                    ),
                  })}
                </>
              }
            >
              {(ids) => <Textarea {...ids} name="template" rows={6} defaultValue={channel?.template ?? ""} placeholder={templatePlaceholder} />}
            </Field>
          </CardBody>
        </Card>
      ) : (
        <Notice tone="info">
          {t.rich("webhookBody", {
            shape: () => (
              <span className="font-mono" data-i18n-exempt>
                {"{event, task, lastAttempt}"}
              </span>
            ),
            folded: () => (
              <span className="font-mono" data-i18n-exempt>
                {'{event: "alerts.folded", count, hosts, taskIds}'}
              </span>
            ),
          })}
        </Notice>
      )}

      <div className="flex items-center justify-between gap-3">
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <Checkbox name="enabled" defaultChecked={channel?.enabled ?? true} /> {t("enabled")}
        </label>
        <div className="flex gap-2">
          <Link href="/channels" className="inline-flex h-9 items-center rounded-md px-3.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
            {t("cancel")}
          </Link>
          <Button type="submit" variant="primary" busy={busy} data-testid="save-channel">
            {channel ? t("save") : t("add")}
          </Button>
        </div>
      </div>
    </form>
  );
}
