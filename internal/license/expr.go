package license

import (
	"fmt"
	"strings"
)

// Lic is one licence of an SPDX expression: an id, an optional "+" (or any
// later version) and an optional WITH exception.
type Lic struct {
	ID        string
	Plus      bool
	Exception string
}

// String returns the SPDX form, such as "GPL-2.0-or-later WITH Classpath-exception-2.0".
func (l Lic) String() string {
	s := l.ID
	if l.Plus {
		s += "+"
	}
	if l.Exception != "" {
		s += " WITH " + l.Exception
	}
	return s
}

// Op is the operator of an expression node.
type Op int

// Operators. A Leaf holds one Lic.
const (
	Leaf Op = iota
	And
	Or
)

// Expr is a parsed SPDX licence expression.
type Expr struct {
	Op   Op
	Lic  Lic     // when Op == Leaf
	Args []*Expr // when Op is And or Or; at least two
}

// Leaves returns the licences of the expression, left to right.
func (e *Expr) Leaves() []Lic {
	if e.Op == Leaf {
		return []Lic{e.Lic}
	}
	var out []Lic
	for _, a := range e.Args {
		out = append(out, a.Leaves()...)
	}
	return out
}

// String returns the expression in SPDX syntax, parenthesised where needed.
func (e *Expr) String() string {
	if e.Op == Leaf {
		return e.Lic.String()
	}
	sep := " AND "
	if e.Op == Or {
		sep = " OR "
	}
	parts := make([]string, len(e.Args))
	for i, a := range e.Args {
		parts[i] = a.String()
		if a.Op != Leaf && a.Op != e.Op {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return strings.Join(parts, sep)
}

// Eval evaluates the expression with ok deciding each licence: AND needs every
// operand, OR needs one.
func (e *Expr) Eval(ok func(Lic) bool) bool {
	switch e.Op {
	case And:
		for _, a := range e.Args {
			if !a.Eval(ok) {
				return false
			}
		}
		return true
	case Or:
		for _, a := range e.Args {
			if a.Eval(ok) {
				return true
			}
		}
		return false
	}
	return ok(e.Lic)
}

// SyntaxError reports a malformed expression and the byte offset of the problem.
type SyntaxError struct {
	Expr   string
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("licence expression %q: %s at offset %d", e.Expr, e.Msg, e.Offset)
}

// maxExprLen bounds expressions; real ones are a few dozen bytes.
const maxExprLen = 4096

// ParseExpr parses an SPDX licence expression. Operators may be in any case;
// "/" is read as OR (Cargo's old "MIT/Apache-2.0"). Ids are kept as written
// (see Canonical and Normalize); an id that is not a known SPDX id is kept too,
// so that callers can report it as unknown rather than lose it.
func ParseExpr(s string) (*Expr, error) {
	if len(s) > maxExprLen {
		return nil, &SyntaxError{Expr: s[:64] + "...", Msg: "expression too long"}
	}
	p := &parser{src: s, toks: tokenize(s)}
	if len(p.toks) == 0 {
		return nil, &SyntaxError{Expr: s, Msg: "empty expression"}
	}
	e, err := p.or(0)
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, p.errorf("unexpected %q", p.toks[p.i].text)
	}
	return e, nil
}

type token struct {
	text string
	off  int
}

func tokenize(s string) []token {
	var toks []token
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')' || c == '/':
			toks = append(toks, token{s[i : i+1], i})
			i++
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n\r()/", rune(s[j])) {
				j++
			}
			toks = append(toks, token{s[i:j], i})
			i = j
		}
	}
	return toks
}

type parser struct {
	src  string
	toks []token
	i    int
}

// maxDepth bounds nesting so hostile input cannot exhaust the stack.
const maxDepth = 64

func (p *parser) errorf(format string, args ...any) error {
	off := len(p.src)
	if p.i < len(p.toks) {
		off = p.toks[p.i].off
	}
	return &SyntaxError{Expr: p.src, Offset: off, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) peekOp(op string) bool {
	if p.i >= len(p.toks) {
		return false
	}
	t := p.toks[p.i].text
	if op == "OR" && t == "/" {
		return true
	}
	return strings.EqualFold(t, op)
}

func (p *parser) or(depth int) (*Expr, error) {
	return p.binary(depth, Or, "OR", p.and)
}

func (p *parser) and(depth int) (*Expr, error) {
	return p.binary(depth, And, "AND", p.with)
}

func (p *parser) binary(depth int, op Op, word string, next func(int) (*Expr, error)) (*Expr, error) {
	first, err := next(depth)
	if err != nil {
		return nil, err
	}
	args := []*Expr{first}
	for p.peekOp(word) {
		p.i++
		e, err := next(depth)
		if err != nil {
			return nil, err
		}
		args = append(args, e)
	}
	if len(args) == 1 {
		return first, nil
	}
	// Flatten "a OR (b OR c)" into one node.
	var flat []*Expr
	for _, a := range args {
		if a.Op == op {
			flat = append(flat, a.Args...)
		} else {
			flat = append(flat, a)
		}
	}
	return &Expr{Op: op, Args: flat}, nil
}

func (p *parser) with(depth int) (*Expr, error) {
	e, err := p.primary(depth)
	if err != nil {
		return nil, err
	}
	if !p.peekOp("WITH") {
		return e, nil
	}
	if e.Op != Leaf || e.Lic.Exception != "" {
		return nil, p.errorf("WITH must follow a single licence")
	}
	p.i++
	if p.i >= len(p.toks) || isOperator(p.toks[p.i].text) {
		return nil, p.errorf("WITH needs an exception id")
	}
	e.Lic.Exception = p.toks[p.i].text
	p.i++
	return e, nil
}

func isOperator(t string) bool {
	return t == "(" || t == ")" || t == "/" || strings.EqualFold(t, "AND") ||
		strings.EqualFold(t, "OR") || strings.EqualFold(t, "WITH")
}

func (p *parser) primary(depth int) (*Expr, error) {
	if depth > maxDepth {
		return nil, p.errorf("expression nested too deeply")
	}
	if p.i >= len(p.toks) {
		return nil, p.errorf("expression ends early")
	}
	t := p.toks[p.i].text
	if t == "(" {
		p.i++
		e, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if p.i >= len(p.toks) || p.toks[p.i].text != ")" {
			return nil, p.errorf("missing )")
		}
		p.i++
		return e, nil
	}
	if isOperator(t) {
		return nil, p.errorf("expected a licence id, found %q", t)
	}
	p.i++
	l := Lic{ID: t}
	if id, ok := strings.CutSuffix(t, "+"); ok && id != "" {
		l = Lic{ID: id, Plus: true}
	}
	if !validID(l.ID) {
		return nil, &SyntaxError{Expr: p.src, Offset: p.toks[p.i-1].off, Msg: fmt.Sprintf("%q is not a licence id", t)}
	}
	return &Expr{Op: Leaf, Lic: l}, nil
}

// validID reports whether s has the shape of an SPDX id: letters, digits, '-',
// '.', and one ':' for DocumentRef-x:LicenseRef-y.
func validID(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.', r == ':':
		default:
			return false
		}
	}
	return true
}
