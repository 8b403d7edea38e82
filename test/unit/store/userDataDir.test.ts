import { describe, expect, it } from "vitest";
import { userModelsDir } from "../../../src-main/core/models/library/userModelsDir.js";
import { userDataDir } from "../../../src-main/core/store/userDataDir.js";

describe("userDataDir", () => {
  it("is where Electron keeps the user data of an app named Mull, on each OS", () => {
    expect(userDataDir({}, "linux", "/home/a")).toBe("/home/a/.config/Mull");
    expect(userDataDir({ XDG_CONFIG_HOME: "/x" }, "linux", "/home/a")).toBe("/x/Mull");
    expect(userDataDir({}, "darwin", "/Users/a")).toBe("/Users/a/Library/Application Support/Mull");
    expect(userDataDir({ APPDATA: "C:\\Users\\a\\AppData\\Roaming" }, "win32", "C:\\Users\\a")).toMatch(
      /Roaming.Mull$/,
    );
  });

  it("is MULL_DATA_DIR when set, on every OS", () => {
    for (const platform of ["linux", "darwin", "win32"] as const)
      expect(userDataDir({ MULL_DATA_DIR: "/tmp/d" }, platform, "/home/a")).toBe("/tmp/d");
  });

  it("holds the user models folder, which MULL_USER_MODELS still overrides", () => {
    expect(userModelsDir({}, "linux", "/home/a")).toBe("/home/a/.config/Mull/models");
    expect(userModelsDir({ MULL_DATA_DIR: "/tmp/d" }, "linux", "/home/a")).toBe("/tmp/d/models");
    expect(userModelsDir({ MULL_DATA_DIR: "/tmp/d", MULL_USER_MODELS: "/m" }, "linux", "/home/a")).toBe("/m");
  });
});
