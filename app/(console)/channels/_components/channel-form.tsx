"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { consoleFetch } from "@/components/tasks/console-api";
import { Button } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { Checkbox, Field, Input, Select, Textarea } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import type { AlertEvent, ChannelKind, MessageFormat } from "@/lib/db/schema/alert-channels";
import type { ChannelView } from "@/lib/notify/serialize-channel";
import { alertEvents, channelKinds, eventLabels, kindLabels, secretHints, urlHints } from "./kind-labels";

const placeholders = "${taskId} ${url} ${createTime} ${lastModifiedDate} ${sourceAppName} ${targetAppName} ${callCount} ${limitCallCount} ${lastStatus} ${lastError} ${consoleLink} ${headline}";
const list = (s: string) => s.split(/[,\n]/).map((v) => v.trim()).filter(Boolean);

/**
 * Adds or edits a channel. Saved URLs and secrets never come back to the browser: the URL field shows the
 * masked form (sent back unchanged, the server keeps the stored URL) and the secret field stays empty.
 */
export function ChannelForm({ channel }: { channel?: ChannelView }) {
  const router = useRouter();
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
      setFields(res.fields);
      return setError(res.message);
    }
    router.push("/channels");
    router.refresh();
  };

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
          <Field label="Name" error={fields.name}>
            {(ids) => <Input {...ids} name="name" required maxLength={128} defaultValue={channel?.name} placeholder="Payments on-call" />}
          </Field>
          <Field label="Kind" hint={channel ? "A channel's kind cannot change; add a new channel instead." : undefined}>
            {(ids) => (
              <Select {...ids} name="kind" value={kind} disabled={!!channel} onChange={(e) => setKind(e.target.value as ChannelKind)}>
                {channelKinds.map((k) => (
                  <option key={k} value={k}>
                    {kindLabels[k]}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field
            label="Webhook URL"
            className="md:col-span-2"
            error={fields.url}
            hint={channel ? "Shown masked. Leave it as it is to keep the saved URL, or paste a new one." : `For example ${urlHints[kind]}`}
          >
            {(ids) => <Input {...ids} name="url" type="url" required defaultValue={channel?.url} placeholder={urlHints[kind]} className="font-mono" autoComplete="off" />}
          </Field>
          {(secretHints[kind] || channel?.hasSecret) && (
            <Field label="Secret" className="md:col-span-2" error={fields.secret} hint={secretHints[kind] ?? undefined}>
              {(ids) => (
                <div className="space-y-2">
                  <Input
                    {...ids}
                    name="secret"
                    type="password"
                    autoComplete="new-password"
                    disabled={removeSecret}
                    placeholder={channel?.hasSecret ? "•••••••• saved — type a new one to replace it" : ""}
                  />
                  {channel?.hasSecret && (
                    <label className="flex items-center gap-2 text-sm text-slate-700">
                      <Checkbox checked={removeSecret} onChange={(e) => setRemoveSecret(e.target.checked)} /> Remove the saved secret
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
            <legend className="text-sm font-medium text-slate-700">Alert when</legend>
            {alertEvents.map((ev) => (
              <label key={ev} className="flex items-center gap-2 text-sm text-slate-700">
                <Checkbox name={`event-${ev}`} checked={events.includes(ev)} onChange={(e) => toggleEvent(ev, e.target.checked)} />
                {eventLabels[ev]}
                <span className="font-mono text-xs text-slate-500">{ev}</span>
              </label>
            ))}
            {fields.events && <p className="text-xs font-medium text-rose-600">{fields.events}</p>}
          </fieldset>
          <Field label="Failing after (consecutive failed attempts)" hint="For task.failing: the attempt number that raises it." error={fields.failingAfter}>
            {(ids) => <Input {...ids} name="failingAfter" type="number" min={1} max={100} defaultValue={channel?.failingAfter ?? 3} disabled={!events.includes("task.failing")} />}
          </Field>
          <Field label="Source apps" hint="Comma-separated; empty means all." error={fields["filters.sourceApps"]}>
            {(ids) => <Input {...ids} name="sourceApps" defaultValue={channel?.filters.sourceApps.join(", ")} placeholder="shop, crm" />}
          </Field>
          <Field label="Target apps" hint="Comma-separated; empty means all." error={fields["filters.targetApps"]}>
            {(ids) => <Input {...ids} name="targetApps" defaultValue={channel?.filters.targetApps.join(", ")} placeholder="billing" />}
          </Field>
          <Field label="Target hosts" hint="Comma-separated; *.example.com matches subdomains; empty means all." className="md:col-span-2" error={fields["filters.targetHosts"]}>
            {(ids) => <Input {...ids} name="targetHosts" defaultValue={channel?.filters.targetHosts.join(", ")} placeholder="pay.example.com, *.internal.example.com" />}
          </Field>
        </CardBody>
      </Card>

      {usesTemplate ? (
        <Card>
          <CardBody className="space-y-4">
            <Field label="Format">
              {(ids) => (
                <Select {...ids} name="format" value={format} onChange={(e) => setFormat(e.target.value as MessageFormat)} className="max-w-xs">
                  <option value="text">Text</option>
                  <option value="markdown">{kind === "slack" ? "Blocks (mrkdwn)" : kind === "feishu" ? "Markdown card" : "Markdown"}</option>
                </Select>
              )}
            </Field>
            <Field
              label="Template"
              error={fields.template}
              hint={
                <>
                  Empty uses the default message. Placeholders: <span className="font-mono">{placeholders}</span>. A template that is a JSON
                  object (kkbida&apos;s form) is sent as the whole body; values are escaped for JSON and for markdown.
                </>
              }
            >
              {(ids) => <Textarea {...ids} name="template" rows={6} defaultValue={channel?.template ?? ""} placeholder="[Bida] ${headline}&#10;Task: ${taskId}&#10;URL: ${url}" />}
            </Field>
          </CardBody>
        </Card>
      ) : (
        <Notice tone="info">
          A webhook receives JSON <span className="font-mono">{"{event, task, lastAttempt}"}</span> (folded alerts:{" "}
          <span className="font-mono">{"{event: \"alerts.folded\", count, hosts, taskIds}"}</span>), signed with Standard Webhooks headers when a
          secret is set.
        </Notice>
      )}

      <div className="flex items-center justify-between gap-3">
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <Checkbox name="enabled" defaultChecked={channel?.enabled ?? true} /> Enabled
        </label>
        <div className="flex gap-2">
          <Link href="/channels" className="inline-flex h-9 items-center rounded-md px-3.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
            Cancel
          </Link>
          <Button type="submit" variant="primary" busy={busy} data-testid="save-channel">
            {channel ? "Save changes" : "Add channel"}
          </Button>
        </div>
      </div>
    </form>
  );
}
