// The languages a channel's default template exists in (alert_channels.locale). Its own module, free of
// server imports, so the channel form can list them in the browser.
export const alertLocales = ["en", "zh-CN"] as const;
export type AlertLocale = (typeof alertLocales)[number];
