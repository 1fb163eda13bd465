use super::*;

pub(super) fn person(id: u64, sub: &str, gender: &str, cat: &str, org: &str) -> Candidate {
    Candidate {
        id,
        subregion: sub.into(),
        gender: gender.into(),
        category: cat.into(),
        org_key: org.into(),
        preference: None,
    }
}

#[test]
fn smoke() {
    let people: Vec<Candidate> = (0..40)
        .map(|i| person(i, ["a", "b", "c"][i as usize % 3], ["w", "m"][i as usize % 2], ["x", "y", "z", "q"][i as usize % 4], &format!("o{}", i / 2)))
        .collect();
    let groups = vec![GroupSpec::default(); 3];
    let a = assign(&people, &groups, 1).unwrap();
    let r = balance_report(&people, &groups, &a);
    println!("{}", serde_json::to_string_pretty(&r).unwrap());
    assert!(r.within_one);
}
