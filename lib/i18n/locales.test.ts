import { describe, expect, it } from "vitest";
import { chooseLocale, localeFromAcceptLanguage, validTimeZone } from "./locales";

describe("locale choice", () => {
  it("maps Accept-Language: any zh to zh-CN, else en, by q-value", () => {
    expect(localeFromAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("zh-TW")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("en-US,en;q=0.9")).toBe("en");
    expect(localeFromAcceptLanguage("fr-FR,en;q=0.5,zh;q=0.8")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("de")).toBe("en");
    expect(localeFromAcceptLanguage(null)).toBe("en");
    expect(localeFromAcceptLanguage("zh;q=0,en")).toBe("en");
  });

  it("prefers the saved choice, then the cookie, then the browser", () => {
    expect(chooseLocale({ saved: "en", cookie: "zh-CN", acceptLanguage: "zh" })).toBe("en");
    expect(chooseLocale({ saved: null, cookie: "zh-CN", acceptLanguage: "en" })).toBe("zh-CN");
    expect(chooseLocale({ saved: "xx", cookie: "bogus", acceptLanguage: "zh-Hans" })).toBe("zh-CN");
  });

  it("accepts only time zones the runtime knows", () => {
    expect(validTimeZone("Asia/Shanghai")).toBe("Asia/Shanghai");
    expect(validTimeZone("Mars/Olympus")).toBeUndefined();
    expect(validTimeZone(undefined)).toBeUndefined();
  });
});
