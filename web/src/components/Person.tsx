// Workbench: a person as a page shows them — the name stored with the record (the signer's, decider's, expert's token
// `name` at the time), the user id only as secondary text (hover); records written before names were kept show the id.
export function Person({ id, name }: { id: string | undefined; name?: string | undefined }) {
  if (!id) return <>—</>;
  return name && name !== id ? (
    <span className="person" title={id} data-user-id={id}>
      {name}
    </span>
  ) : (
    <span className="person" data-user-id={id}>
      {id}
    </span>
  );
}
