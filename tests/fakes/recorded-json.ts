/**
 * A JSON body as a fake records it from the SDK under test. Tests read the fields the platform's API defines
 * (`body.blocks[0].text`, `body.data.embeds`), so it stays untyped in this one place rather than cast at every read:
 * the SDK is what is under test, and a typo in a test's read fails its assertion.
 */
// biome-ignore lint/suspicious/noExplicitAny: recorded platform JSON, read field by field by the tests
export type RecordedJson = any;
