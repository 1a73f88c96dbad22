// The owner's data buttons: confirming a checked import (by its DataImport id,
// so a tap after a restart still finds it) and choosing what /export writes.
import { InlineKeyboard } from "grammy";
import { EXPORT_DATASETS, type ExportDataset, type ExportFormat } from "../../core/data/export.ts";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";

export const IMPORT_MODES = ["valid_only", "all_or_nothing"] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
/** Excel first: the owner's spreadsheet; CSV for another system. */
const FORMATS = ["xlsx", "csv"] as const satisfies readonly ExportFormat[];

export const importCallbacks = defineCallbacks("dataimp", {
  go: { id: "int", mode: IMPORT_MODES },
  cancel: { id: "int" },
});

export const exportCallbacks = defineCallbacks("dataexp", {
  dataset: { dataset: EXPORT_DATASETS },
  format: { dataset: EXPORT_DATASETS, format: FORMATS },
});

/** With problems: import the valid rows, or nothing; without: import them all, or cancel. `rows` reads "1 234 строки". */
export function createImportKeyboard(t: Translate, id: number, rows: string, withProblems: boolean) {
  const kb = new InlineKeyboard();
  if (withProblems) {
    kb.text(t("data.button.import_valid", { rows }), importCallbacks.go.pack({ id, mode: "valid_only" })).row();
    return kb.text(t("data.button.import_nothing"), importCallbacks.cancel.pack({ id }));
  }
  kb.text(t("data.button.import_all", { rows }), importCallbacks.go.pack({ id, mode: "all_or_nothing" })).row();
  return kb.text(t("data.button.cancel"), importCallbacks.cancel.pack({ id }));
}

export function createDatasetKeyboard(t: Translate) {
  const kb = new InlineKeyboard();
  EXPORT_DATASETS.forEach((dataset, i) => {
    kb.text(t(`data.export.dataset.${dataset}`), exportCallbacks.dataset.pack({ dataset }));
    if (i % 2 === 1) kb.row();
  });
  return kb;
}

export function createFormatKeyboard(t: Translate, dataset: ExportDataset) {
  const kb = new InlineKeyboard();
  for (const format of FORMATS) kb.text(t(`data.export.format.${format}`), exportCallbacks.format.pack({ dataset, format }));
  return kb;
}
