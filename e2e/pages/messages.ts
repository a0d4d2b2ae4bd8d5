import { expect, type Page } from "@playwright/test";

/** The message archive (/messages): its filter form and results table. */
export class MessagesPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto("/messages");
    await expect(this.page.getByRole("heading", { name: "Messages", level: 1 })).toBeVisible();
  }

  /** Fills the filters as an operator would and runs the search. */
  async search(filters: { text?: string; sender?: string; convType?: "1:1" | "Group" | "System"; convId?: string }) {
    const form = this.page.getByRole("form", { name: "Message filters" });
    await form.getByRole("button", { name: "Clear" }).click();
    if (filters.text !== undefined) await form.getByRole("textbox", { name: "Text" }).fill(filters.text);
    if (filters.sender !== undefined) await form.getByRole("textbox", { name: "Sender" }).fill(filters.sender);
    if (filters.convType !== undefined) {
      await form.getByRole("combobox", { name: "Conversation type" }).click();
      await this.page.getByRole("option", { name: filters.convType, exact: true }).click();
    }
    if (filters.convId !== undefined) await form.getByRole("textbox", { name: "Conversation id" }).fill(filters.convId);
    await form.getByRole("button", { name: "Search" }).click();
  }

  get table() {
    return this.page.getByRole("table", { name: /Messages/ });
  }

  /** Data rows of the results table (the header row left out). */
  get rows() {
    return this.table.locator("tbody tr");
  }
}
