//! The committed SDL is what the code serves.

#[test]
fn committed_schema_matches_the_code() {
    let committed = std::fs::read_to_string("schema/schema.graphql").expect("schema/schema.graphql exists");
    let generated = ketenaanpak::graphql::sdl();
    assert!(
        committed == generated,
        "schema/schema.graphql is out of date: run `cargo run -- schema > schema/schema.graphql` and commit it"
    );
}
