//! Exceptions (`优先于 标签`): which rule takes precedence over which.

use super::{Labels, MatterContext, Resolver};
use crate::ast;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir;
use crate::names::closest;
use crate::tr;

impl Resolver {
    pub(super) fn exceptions(
        &mut self,
        matter: &MatterContext<'_>,
        ast_matter: &ast::Matter,
        rules: &mut [ir::Rule],
        labels: &Labels,
    ) {
        let otherwise: Vec<bool> = rules.iter().map(|r| r.otherwise).collect();
        for (index, ast_rule) in ast_matter.rules.iter().enumerate() {
            let mut targets = Vec::new();
            for name in &ast_rule.overrides {
                if let Some(target) = self.exception_target(matter, name, labels) {
                    if otherwise.get(index).copied().unwrap_or(false) || otherwise.get(target).copied().unwrap_or(false)
                    {
                        self.otherwise_exception(name);
                    } else if !targets.contains(&target) {
                        targets.push(target);
                    }
                }
            }
            if let Some(rule) = rules.get_mut(index) {
                rule.overrides = targets;
            }
        }
        self.cycles(ast_matter, rules);
    }

    fn exception_target(&mut self, matter: &MatterContext<'_>, name: &ast::Name, labels: &Labels) -> Option<usize> {
        let wanted = &name.value;
        let own = labels.in_matters.get(&(matter.index, wanted.clone()));
        let Some(target) = own.or_else(|| labels.anywhere.get(wanted)) else {
            let mut diagnostic = Diagnostic::new(
                Code::E0012,
                tr!("没有标签为 `{wanted}` 的条款", "no rule is labelled `{wanted}`"),
            )
            .primary(self.file, name.span, tr!("找不到这个条款", "no such rule"));
            // The labels of this matter: only they can be named here.
            let own = labels
                .in_matters
                .keys()
                .filter(|(index, _)| *index == matter.index)
                .map(|(_, label)| label.as_str());
            if let Some(suggestion) = closest(wanted, own) {
                diagnostic = diagnostic.suggest(suggestion);
            }
            diagnostic = diagnostic.note(tr!(
                "给条款加标签：在条件前写 `标签:`，如 `区级: 全区性 => 自治区 § \"…\"`",
                "label a rule by writing `label:` before its condition, e.g. `regional: scope = regional => region § \"…\"`"
            ));
            self.report(diagnostic);
            return None;
        };
        if target.matter != matter.index {
            let matter_name = matter.name;
            let diagnostic = Diagnostic::new(
                Code::E0014,
                tr!(
                    "条款 `{wanted}` 属于另一个事项，不能作为事项 `{matter_name}` 条款的例外对象",
                    "rule `{wanted}` belongs to another matter: a rule of matter `{matter_name}` cannot take precedence over it"
                ),
            )
            .primary(self.file, name.span, tr!("另一个事项的条款", "a rule of another matter"))
            .secondary(self.file, target.span, tr!("该条款在此", "that rule is here"))
            .note(tr!(
                "例外只在同一事项的条款之间成立：不同事项的情形互不重叠",
                "precedence only holds between rules of the same matter: the cases of different matters never overlap"
            ));
            self.report(diagnostic);
            return None;
        }
        Some(target.rule)
    }

    fn otherwise_exception(&mut self, name: &ast::Name) {
        let diagnostic = Diagnostic::new(
            Code::E0014,
            tr!(
                "`其余` 条款不参与例外关系",
                "an `otherwise` rule takes part in no precedence"
            ),
        )
        .primary(
            self.file,
            name.span,
            tr!("这里涉及 `其余` 条款", "this involves an `otherwise` rule"),
        )
        .note(tr!(
            "`其余` 条款只决定其他条款都未涉及的情形，本来就让位于所有其他条款",
            "an `otherwise` rule only decides the cases no other rule names: it already yields to every other rule"
        ));
        self.report(diagnostic);
    }

    /// E0013: rules that take precedence over each other in a circle decide nothing.
    fn cycles(&mut self, ast_matter: &ast::Matter, rules: &[ir::Rule]) {
        #[derive(Clone, Copy, PartialEq)]
        enum Visit {
            New,
            OnPath,
            Done,
        }
        let mut state = vec![Visit::New; rules.len()];
        for start in 0..rules.len() {
            if state.get(start) != Some(&Visit::New) {
                continue;
            }
            // Iterative depth-first search: (rule, next edge to follow).
            let mut path: Vec<(usize, usize)> = vec![(start, 0)];
            if let Some(s) = state.get_mut(start) {
                *s = Visit::OnPath;
            }
            while let Some((rule, edge)) = path.last().copied() {
                let next = rules.get(rule).and_then(|r| r.overrides.get(edge)).copied();
                let Some(next) = next else {
                    if let Some(s) = state.get_mut(rule) {
                        *s = Visit::Done;
                    }
                    path.pop();
                    continue;
                };
                if let Some(top) = path.last_mut() {
                    top.1 += 1;
                }
                match state.get(next) {
                    Some(Visit::New) => {
                        if let Some(s) = state.get_mut(next) {
                            *s = Visit::OnPath;
                        }
                        path.push((next, 0));
                    }
                    Some(Visit::OnPath) => {
                        let from = path.iter().position(|(r, _)| *r == next).unwrap_or(0);
                        let circle: Vec<usize> = path.iter().skip(from).map(|(r, _)| *r).collect();
                        self.report_cycle(ast_matter, &circle);
                    }
                    _ => {}
                }
            }
        }
    }

    fn report_cycle(&mut self, ast_matter: &ast::Matter, circle: &[usize]) {
        let name_of = |index: usize| {
            ast_matter
                .rules
                .get(index)
                .and_then(|r| r.label.as_ref())
                .map_or_else(|| format!("#{}", index + 1), |l| l.value.clone())
        };
        let chain: Vec<String> = circle
            .iter()
            .chain(circle.first())
            .map(|i| format!("`{}`", name_of(*i)))
            .collect();
        let chain_zh = chain.join(" 优先于 ");
        let chain_en = chain.join(" overrides ");
        let matter_name = &ast_matter.name.value;
        let Some(first) = circle.first().and_then(|i| ast_matter.rules.get(*i)) else {
            return;
        };
        let mut diagnostic = Diagnostic::new(
            Code::E0013,
            tr!(
                "事项 `{matter_name}` 的例外关系构成循环：{chain_zh}",
                "the exceptions of matter `{matter_name}` go round in a circle: {chain_en}"
            ),
        )
        .primary(self.file, first.span, tr!("循环从这里开始", "the circle starts here"));
        for index in circle.iter().skip(1) {
            if let Some(rule) = ast_matter.rules.get(*index) {
                diagnostic = diagnostic.secondary(self.file, rule.span, tr!("循环中的条款", "part of the circle"));
            }
        }
        diagnostic = diagnostic.note(tr!(
            "去掉其中一个 `优先于`，让例外关系有先后",
            "remove one of the `overrides` so that precedence runs one way"
        ));
        self.report(diagnostic);
    }
}
