mod common;

use common::*;

#[test]
fn the_valid_form_has_no_findings() {
    let (code, json) = check_form(VALID_FORM);
    assert_eq!(codes(&json), Vec::<&str>::new(), "{json:#}");
    assert_eq!(code, 0);
    assert_eq!(json["files"][0]["tenant_id"], "testamt");
    assert_eq!(json["summary"]["errors"], 0);
}

#[test]
fn a_wrong_leika_id_points_at_its_value() {
    let (code, json) = check_form(&variant("99013016012001", "99013016012002"));
    assert_eq!(code, 1);
    let d = only(&json, "leika-id-mismatch");
    assert_eq!(d["field"], "service.leika_id");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(6), Some(12))
    );
    assert!(d["help"].as_str().unwrap().contains("99013016012001"));
}
