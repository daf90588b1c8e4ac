// Workbench: a group of checkboxes for a required Form.Item — Ant Design's Checkbox.Group renders a plain div, on which
// the aria-required that a required Form.Item passes to its control is not allowed (axe aria-allowed-attr, critical);
// the group is a role="group" instead, its checkboxes each labelled, the item's label and required mark unchanged.
import { Checkbox } from "antd";
import type { ComponentProps } from "react";

type Props = ComponentProps<typeof Checkbox.Group> & { "aria-required"?: unknown };

export function CheckboxChoices(props: Props) {
  const { "aria-required": _required, ...rest } = props;
  return <Checkbox.Group role="group" {...rest} />;
}
