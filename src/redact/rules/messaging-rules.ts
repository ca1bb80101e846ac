import type { RedactionRule } from "../redaction-rule.js";
import { ALNUM, BASE64URL, DIGITS, fake, HEX, UPPER_ALNUM } from "./fake-token.js";
import { keyed, token } from "./keyed-pattern.js";
import { shannonEntropy } from "../shannon-entropy.js";

const uuid = (seed: string): string =>
  `${fake(`${seed}1`, 8, HEX)}-${fake(`${seed}2`, 4, HEX)}-${fake(`${seed}3`, 4, HEX)}-${fake(`${seed}4`, 4, HEX)}-${fake(`${seed}5`, 12, HEX)}`;

/** Slack, Microsoft Teams, Discord, Telegram and other chat webhooks and bot tokens. */
export const MESSAGING_RULES: readonly RedactionRule[] = [
  {
    id: "slack-bot-token",
    description: "Slack bot token, current (xoxb-team-bot-secret) and legacy (xoxb-id-secret) shapes",
    keywords: ["xoxb-"],
    pattern: token("xoxb-\\d{8,14}-(?:\\d{8,14}-)?[A-Za-z0-9]{18,64}"),
    secretGroup: 1,
    entropy: 3,
    examples: {
      match: [`SLACK_BOT_TOKEN=xoxb-${fake("slb1", 12, DIGITS)}-${fake("slb2", 13, DIGITS)}-${fake("slb3", 24)}`, `"bot_token": "xoxb-${fake("slb-legacy1", 12, DIGITS)}-${fake("slb-legacy2", 24)}"`],
      noMatch: ["xoxb-not-a-token", "xoxb-12345-abcd234", "xoxb-xxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx"],
    },
  },
  {
    id: "slack-user-token",
    description: "Slack user token (xoxp-, and xoxe- in the same shape)",
    keywords: ["xoxp-", "xoxe-"],
    pattern: token("xox[pe](?:-\\d{8,14}){3}-[A-Za-z0-9]{28,64}"),
    secretGroup: 1,
    examples: {
      match: [`token: xoxp-${fake("slu1", 12, DIGITS)}-${fake("slu2", 12, DIGITS)}-${fake("slu3", 13, DIGITS)}-${fake("slu4", 32, HEX)}`, `image.png?t=xoxe-${fake("slu-e1", 13, DIGITS)}-${fake("slu-e2", 13, DIGITS)}-${fake("slu-e3", 13, DIGITS)}-${fake("slu-e4", 32, HEX)}`],
      noMatch: ["xoxp-1-2-short", '"token3": "xoxp-1234-1234-1234-4ddbc191d40ee098cbaae6f3523ada2d"'],
    },
  },
  {
    id: "slack-legacy-token",
    description: "Slack legacy workspace (xoxa-, xoxr-) and legacy user (xoxs-, xoxo-) tokens",
    keywords: ["xoxa-", "xoxr-", "xoxs-", "xoxo-"],
    pattern: token("xox[ar]-(?:\\d{1,14}-){0,4}[A-Za-z0-9]{8,48}|xox[os]-\\d+-\\d+-\\d+-[A-Fa-f0-9]{8,64}"),
    secretGroup: 1,
    // The id groups repeat digits; only the last group is random.
    validate: (t) => shannonEntropy(t.slice(t.lastIndexOf("-") + 1)) >= 2.5,
    examples: {
      match: [`"access_token": "xoxa-2-${fake("sla-a1", 9, DIGITS)}-${fake("sla-a2", 11, DIGITS)}-${fake("sla-a3", 13, DIGITS)}-${fake("sla-a4", 18, HEX)}"`, `SLACK_TOKEN=xoxs-${fake("sls1", 12, DIGITS)}-${fake("sls2", 9, DIGITS)}-${fake("sls3", 10, DIGITS)}-${fake("sls4", 10, HEX)}`, `"refresh_token": "xoxr-${fake("slr", 12)}"`],
      noMatch: ["https://github.com/xoxa-nyc/xoxa-nyc.github.io/blob/master/README.md", "https://indieweb.org/images/3/35/2018-250-xoxo-indieweb-1.jpg"],
    },
  },
  {
    id: "slack-app-token",
    description: "Slack app-level token",
    keywords: ["xapp-"],
    pattern: token("xapp-\\d-[A-Z0-9]+-\\d+-[a-z0-9]{64}", "i"),
    secretGroup: 1,
    examples: { match: [`SLACK_APP_TOKEN=xapp-1-A${fake("sla1", 10, UPPER_ALNUM)}-${fake("sla2", 13, DIGITS)}-${fake("sla3", 64, HEX)}`], noMatch: ["xapp-1-x"] },
  },
  {
    id: "slack-config-token",
    description: "Slack configuration access (xoxe.xoxp-) or refresh (xoxe-1-) token",
    keywords: ["xoxe.", "xoxe-"],
    pattern: token("xoxe\\.xox[bp]-\\d-[A-Z0-9]{140,170}|xoxe-\\d-[A-Z0-9]{140,170}", "i"),
    secretGroup: 1,
    entropy: 3,
    examples: { match: [`xoxe.xoxp-1-${fake("slc", 160, UPPER_ALNUM)}`, `"refresh_token": "xoxe-1-${fake("slc-refresh", 146)}"`], noMatch: ["xoxe.xoxp-1-short", "xoxe-1-xxx", "xoxe.xoxp-1-SlackAppConfigurationAccessTokenHere"] },
  },
  {
    id: "slack-webhook-url",
    description: "Slack incoming or workflow webhook URL",
    keywords: ["hooks.slack.com"],
    pattern: /(?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9+/_-]{40,120})/,
    secretGroup: 1,
    entropy: 3.5,
    examples: { match: [`SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T${fake("slw1", 8, UPPER_ALNUM)}/B${fake("slw2", 10, UPPER_ALNUM)}/${fake("slw3", 24)}`], noMatch: ["https://hooks.slack.com/services/T000/B000/XXXX"] },
  },
  {
    id: "teams-webhook-url",
    description: "Microsoft Teams incoming webhook URL",
    keywords: ["webhook.office.com", "logic.azure.com"],
    pattern: /https:\/\/[a-z0-9-]+\.webhook\.office\.com\/webhookb2\/([0-9a-f-]{36}@[0-9a-f-]{36}\/IncomingWebhook\/[0-9a-f]{32}\/[0-9a-f-]{36}(?:\/[A-Za-z0-9_-]+)?)|https:\/\/[\w.-]+\.logic\.azure\.com(?::443)?\/workflows\/[0-9a-f]{32}\/triggers\/manual\/paths\/invoke\?[^\s"']*?sig=([A-Za-z0-9_-]{43})/,
    secretGroup: [1, 2],
    examples: { match: [`TEAMS_WEBHOOK=https://acme.webhook.office.com/webhookb2/${uuid("tw1")}@${uuid("tw2")}/IncomingWebhook/${fake("tw3", 32, HEX)}/${uuid("tw4")}`], noMatch: ["https://acme.webhook.office.com/"] },
  },
  {
    id: "discord-webhook-url",
    description: "Discord webhook URL",
    keywords: ["discord.com/api/webhooks", "discordapp.com/api/webhooks"],
    pattern: /discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/([A-Za-z0-9_-]{60,68})/,
    secretGroup: 1,
    examples: { match: [`https://discord.com/api/webhooks/${fake("dw1", 18, DIGITS)}/${fake("dw2", 68, BASE64URL)}`], noMatch: ["https://discord.com/api/webhooks/123/abc"] },
  },
  {
    id: "discord-bot-token",
    description: "Discord bot token, API key or client secret assigned to a discord-named variable",
    keywords: ["discord"],
    pattern: keyed("discord[\\w.-]{0,20}?(?:token|secret|key)", "[MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}|[a-f0-9]{64}|[A-Za-z0-9_-]{32}", "[\\w.-]{0,4}?"),
    secretGroup: 1,
    entropy: 3,
    examples: {
      match: [`DISCORD_BOT_TOKEN=M${fake("db1", 25, BASE64URL)}.${fake("db2", 6, BASE64URL)}.${fake("db3", 27, BASE64URL)}`, `discord_client_secret: "${fake("discord-cs", 32)}"`, `discordToken := "${fake("discord-hex", 64, HEX)}"`],
      noMatch: ["DISCORD_GUILD_ID=123456789012345678", "discord=00000000000000000000000000000000"],
    },
  },
  {
    id: "telegram-bot-token",
    description: "Telegram bot token",
    keywords: [":aa"],
    pattern: token("\\d{8,10}:AA[0-9A-Za-z_-]{33}"),
    secretGroup: 1,
    examples: { match: [`TELEGRAM_BOT_TOKEN=${fake("tg1", 10, DIGITS)}:AA${fake("tg2", 33, BASE64URL)}`], noMatch: ["12:AAshort"] },
  },
  {
    id: "mattermost-token",
    description: "Mattermost access token",
    keywords: ["mattermost"],
    pattern: keyed("mattermost[\\w.-]{0,20}?token", "[a-z0-9]{26}", "[\\w.-]{0,4}?"),
    secretGroup: 1,
    entropy: 3.5,
    examples: { match: [`MATTERMOST_TOKEN=${fake("mm", 26, "abcdefghijklmnopqrstuvwxyz0123456789")}`], noMatch: ["MATTERMOST_URL=https://chat.acme.io"] },
  },
  {
    id: "twitch-token",
    description: "Twitch OAuth token",
    keywords: ["twitch"],
    pattern: keyed("twitch[\\w.-]{0,20}?(?:token|secret)", "(?:oauth:)?[a-z0-9]{30}", "[\\w.-]{0,4}?"),
    secretGroup: 1,
    entropy: 3.5,
    examples: { match: [`TWITCH_TOKEN=oauth:${fake("twitch", 30, "abcdefghijklmnopqrstuvwxyz0123456789")}`], noMatch: ["TWITCH_CHANNEL=acme"] },
  },
  {
    id: "pagerduty-token",
    description: "PagerDuty API or integration key",
    keywords: ["pagerduty", "pd_"],
    pattern: keyed("(?:pagerduty|pd)[\\w.-]{0,20}?(?:token|key)", "u\\+[A-Za-z0-9_+-]{18}|[A-Za-z0-9_+-]{20}|[a-f0-9]{32}", "[\\w.-]{0,4}?"),
    secretGroup: 1,
    entropy: 3.3,
    examples: { match: [`PAGERDUTY_TOKEN=u+${fake("pd", 18, ALNUM)}`, `pagerduty_integration_key = "${fake("pd-int", 32, HEX)}"`], noMatch: ["pagerduty_service_id = PXYZ123"] },
  },
  {
    id: "opsgenie-api-key",
    description: "Opsgenie API key",
    keywords: ["opsgenie"],
    pattern: keyed("opsgenie[\\w.-]{0,20}?(?:api[_.-]?key|token)", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "[\\w.-]{0,4}?"),
    secretGroup: 1,
    examples: { match: [`OPSGENIE_API_KEY=${uuid("og")}`], noMatch: ["opsgenie_team_id = 01234567-89ab-cdef-0123-456789abcdef"] },
  },
  {
    id: "intercom-token",
    description: "Intercom access token",
    keywords: ["intercom"],
    pattern: keyed("intercom[\\w.-]{0,20}?token", "[A-Za-z0-9=_-]{60}", "[\\w.-]{0,4}?"),
    secretGroup: 1,
    entropy: 3.5,
    examples: { match: [`INTERCOM_ACCESS_TOKEN=${fake("intercom", 60, BASE64URL)}`], noMatch: ["INTERCOM_APP_ID=abc123de"] },
  },
  {
    id: "zendesk-token",
    description: "Zendesk API token",
    keywords: ["zendesk"],
    pattern: keyed("zendesk[\\w.-]{0,20}?(?:token|secret)", "[A-Za-z0-9]{40}", "[\\w.-]{0,4}?"),
    secretGroup: 1,
    entropy: 3.5,
    examples: { match: [`ZENDESK_API_TOKEN=${fake("zendesk", 40)}`], noMatch: ["ZENDESK_SUBDOMAIN=acme"] },
  },
  {
    id: "airtable-personal-access-token",
    description: "Airtable personal access token (pat<14>.<64 hex>)",
    // `pat` and the token's next character: a bare `pat` is on every line that says `path`,
    // `patch` or `compat`. `path=`, `path/` and `path:` never start a token; `path` followed by
    // a letter or digit may, so those stay keywords.
    keywords: [..."abcdefgijklmnopqrstuvwxyz0123456789".split("").map((c) => `pat${c}`), ..."abcdefghijklmnopqrstuvwxyz0123456789".split("").map((c) => `path${c}`)],
    // The literal first, its boundary checked behind it: a leading look-behind would make the
    // engine try every position of the lines its keywords occur on.
    pattern: /(pat(?<=(?<![A-Za-z0-9_\u00C0-\u024F-])pat)[A-Za-z0-9]{14}\.[a-f0-9]{64})(?![A-Za-z0-9_\u00C0-\u024F-])/,
    secretGroup: 1,
    entropy: 3,
    examples: { match: [`AIRTABLE_TOKEN=pat${fake("airtable-pat", 14)}.${fake("airtable-pat-hex", 64, HEX)}`], noMatch: ["patch.diff", `pat${"x".repeat(14)}.${"0".repeat(64)}`] },
  },
  {
    id: "airtable-api-key",
    description: "Airtable legacy API key (key + 14, or 17 characters) assigned to an airtable-named variable",
    keywords: ["airtable"],
    pattern: keyed("airtable[\\w.-]{0,20}?(?:key|token|secret)", "[A-Za-z0-9]{17}", "[\\w.-]{0,4}?"),
    secretGroup: 1,
    entropy: 3,
    examples: { match: [`AIRTABLE_API_KEY=key${fake("airtable-key", 14)}`], noMatch: ["AIRTABLE_BASE_ID=appXXXXXXXXXXXXXX"] },
  },
  {
    id: "notion-token",
    description: "Notion integration token",
    keywords: ["ntn_", "secret_"],
    pattern: token("ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43}"),
    secretGroup: 1,
    entropy: 3.5,
    examples: { match: [`NOTION_TOKEN=ntn_${fake("ntn1", 11, DIGITS)}${fake("ntn2", 35)}`], noMatch: ["secret_name = db"] },
  },
  {
    id: "asana-token",
    description: "Asana personal access token",
    keywords: ["asana"],
    pattern: keyed("asana[\\w.-]{0,20}?(?:token|pat)", "\\d/\\d{16}:[a-f0-9]{32}|\\d/\\d{16}/\\d{16}:[a-f0-9]{32}", "[\\w.-]{0,4}?"),
    secretGroup: 1,
    examples: { match: [`ASANA_TOKEN=1/${fake("asana1", 16, DIGITS)}:${fake("asana2", 32, HEX)}`], noMatch: ["ASANA_WORKSPACE=1234"] },
  },
];
