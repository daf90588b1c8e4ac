// Workbench: an Ant Design table inside an element that carries its test id (Table passes only aria attributes on).
import { Table, type TableProps } from "antd";

export function DataTable<T>({ testid, ...props }: TableProps<T> & { testid?: string }) {
  return (
    <div data-testid={testid} className="data-table">
      <Table<T> {...props} />
    </div>
  );
}
