import { expect, type Page } from "@playwright/test";

/** The operators page as an admin uses it: create, change role, disable/enable, reset a password. */
export class OperatorsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto("/operators");
    await expect(this.page.getByRole("heading", { name: "Operators" })).toBeVisible();
  }

  row(username: string) {
    return this.page.getByRole("table", { name: "Operator accounts" }).getByRole("row").filter({ hasText: username });
  }

  async create(username: string, role: "admin" | "viewer", password: string): Promise<void> {
    await this.page.getByRole("button", { name: "Create operator" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Create an operator" });
    await dialog.getByRole("textbox", { name: "Username" }).fill(username);
    await dialog.getByRole("combobox", { name: "Role" }).click();
    await this.page.getByRole("option", { name: new RegExp(`^${role}`) }).click();
    await dialog.getByLabel("Initial password").fill(password);
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog).toBeHidden();
    await expect(this.row(username)).toBeVisible();
  }

  async makeRole(username: string, role: "admin" | "viewer"): Promise<void> {
    await this.page.getByRole("button", { name: `Change role of ${username}` }).click();
    await this.page.getByRole("menuitem", { name: `Make ${role}` }).click();
    await expect(this.row(username)).toContainText(role);
  }

  async disable(username: string): Promise<void> {
    await this.page.getByRole("button", { name: `Disable ${username}` }).click();
    await this.page
      .getByRole("dialog", { name: `Disable ${username}?` })
      .getByRole("button", { name: "Disable" })
      .click();
    await expect(this.row(username)).toContainText("disabled");
  }

  async enable(username: string): Promise<void> {
    await this.page.getByRole("button", { name: `Enable ${username}` }).click();
    await expect(this.row(username)).toContainText("active");
  }

  async resetPassword(username: string, password: string): Promise<void> {
    await this.page.getByRole("button", { name: `Reset password of ${username}` }).click();
    const dialog = this.page.getByRole("dialog", { name: `New password for ${username}` });
    await dialog.getByLabel("New password").fill(password);
    await dialog.getByRole("button", { name: "Set password" }).click();
    await expect(dialog).toBeHidden();
  }
}
