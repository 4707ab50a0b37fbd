// Command importload measures `casesim import` and `casesim serve --no-sim`
// at scale (docs/PERFORMANCE.md, "Importing a department's data"): it
// writes a department's export of N generated cases with their events (GB18030
// CSV through the example 案卡 mapping), imports it into a new database
// (wall time and peak RSS of the import process), imports it again
// unchanged, then serves the database and times GET /alerts and
// GET /cases/{id}; the same for a smaller export as the baseline.
//
//	go build -o /tmp/casesim ./cmd/casesim
//	go run ./scripts/importload -casesim /tmp/casesim -n 100000 -base 10000 -port 19040
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func main() {
	bin := flag.String("casesim", "casesim", "the casesim binary")
	n := flag.Int("n", 100000, "cases of the large export")
	base := flag.Int("base", 10000, "cases of the baseline export")
	port := flag.Int("port", 19040, "loopback port for serve (the next one is used too)")
	mapping := flag.String("mapping", "docs/mappings/anka-example.toml", "the mapping")
	reqs := flag.Int("requests", 200, "requests per endpoint")
	flag.Parse()
	dir, err := os.MkdirTemp("", "importload")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	fmt.Printf("load average before: %s\n", loadavg())
	var lat [2][2]time.Duration
	for i, size := range []int{*base, *n} {
		cases, events := filepath.Join(dir, fmt.Sprintf("cases-%d.csv", size)), filepath.Join(dir, fmt.Sprintf("events-%d.csv", size))
		nev := write(cases, events, size)
		db := filepath.Join(dir, fmt.Sprintf("real-%d.db", size))
		args := []string{"import", "--db", db, "--mapping", *mapping, "--events", events, cases}
		wall, rss, cpu, out := run(*bin, args...)
		fmt.Printf("%d cases, %d events: first import %.1f s wall, %.1f s CPU, peak RSS %d MB (load %s)\n  %s", size, nev, wall.Seconds(), cpu.Seconds(), rss>>10, loadavg(), firstLine(out))
		wall, rss, cpu, out = run(*bin, args...)
		fmt.Printf("  re-import unchanged %.1f s wall, %.1f s CPU, peak RSS %d MB (load %s)\n  %s", wall.Seconds(), cpu.Seconds(), rss>>10, loadavg(), firstLine(out))
		a, c := serveAndTime(*bin, db, *port+i, *reqs)
		lat[i] = [2]time.Duration{a, c}
		fmt.Printf("  median latency: GET /alerts?limit=500 %.1f ms, GET /cases/{id} %.2f ms (load %s)\n", ms(a), ms(c), loadavg())
	}
	fmt.Printf("latency at %d vs %d cases: /alerts x%.2f, /cases/{id} x%.2f\n", *n, *base,
		float64(lat[1][0])/float64(lat[0][0]), float64(lat[1][1])/float64(lat[0][1]))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func fail(err error) {
	fmt.Fprintln(os.Stderr, "importload:", err)
	os.Exit(1)
}

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i+1]
	}
	return s + "\n"
}

// run runs the binary and returns its wall time, peak RSS (KB), CPU time
// (user + system) and output.
func run(bin string, args ...string) (time.Duration, int64, time.Duration, string) {
	cmd := exec.Command(bin, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		fail(fmt.Errorf("%s %v: %v\n%s", bin, args, err, out.String()))
	}
	wall := time.Since(t0)
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return wall, ru.Maxrss, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), out.String()
}

var (
	units   = []string{"临川市青溪区人民检察院", "临川市白石县人民检察院", "临川市东岭区人民检察院", "临川市南渡县人民检察院", "临川市北坪区人民检察院", "临川市西桥县人民检察院", "临川市人民检察院", "云梦市江口区人民检察院", "云梦市石门县人民检察院", "云梦市人民检察院"}
	types   = []string{"审查逮捕", "审查起诉", "审查起诉", "审查起诉", "羁押必要性审查", "民事生效裁判结果监督", "行政公益诉讼", "来信"}
	crimes  = []string{"盗窃", "危险驾驶", "诈骗", "故意伤害", "帮助信息网络犯罪活动", "寻衅滋事", "掩饰、隐瞒犯罪所得"}
	given   = []rune("立晓静远航新雯骁涛敏军华丽强伟芳娜磊洋勇艳杰娟")
	surname = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
)

// write writes an export of n cases (GB18030 CSV with CRLF, as Excel
// saves it) with its events file, and returns the number of events.
func write(casesPath, eventsPath string, n int) int {
	r := rand.New(rand.NewPCG(uint64(n), 9))
	var cb, eb bytes.Buffer
	cw, ew := csv.NewWriter(&cb), csv.NewWriter(&eb)
	cw.UseCRLF, ew.UseCRLF = true, true
	_ = cw.Write([]string{"部门受案号", "统一受案号", "案件名称", "案件类别", "承办单位", "承办部门", "承办检察官", "受理日期", "是否羁押", "是否重大疑难复杂", "是否适用速裁程序", "是否认罪认罚", "办结日期"})
	_ = ew.Write([]string{"部门受案号", "节点名称", "节点时间", "备注"})
	now := time.Now()
	events := 0
	for i := 0; i < n; i++ {
		unit := units[r.IntN(len(units))]
		// About 30 prosecutors a unit, the same names on every import.
		k := r.IntN(30)
		lead := string([]rune{surname[k%len(surname)], given[k%len(given)], given[(k*7+3)%len(given)]})
		typ := types[r.IntN(len(types))]
		no := fmt.Sprintf("%s检%s受〔%d〕%d号", string([]rune(unit)[3:5]), typ[:3], 2025+i%2, 100000+i)
		accepted := now.AddDate(0, 0, -r.IntN(730)).Truncate(time.Hour)
		closed := ""
		ev := func(name string, at time.Time) {
			_ = ew.Write([]string{no, name, at.Format("2006/1/2 15:04"), ""})
			events++
		}
		detained := "否"
		switch typ {
		case "审查逮捕":
			detained = "是"
			ev("刑事拘留", accepted.AddDate(0, 0, -3))
			if r.IntN(10) > 0 {
				d := accepted.AddDate(0, 0, 5)
				ev("批准逮捕", d)
				ev("执行逮捕", d.Add(4*time.Hour))
				closed = d.Format("2006/1/2 15:04")
			}
		case "审查起诉":
			ev("告知犯罪嫌疑人诉讼权利", accepted.AddDate(0, 0, 1))
			if r.IntN(10) > 0 {
				p := accepted.AddDate(0, 0, 20+r.IntN(10))
				ev("提起公诉", p)
				closed = p.Format("2006/1/2 15:04")
			}
		default:
			if r.IntN(10) > 0 {
				closed = accepted.AddDate(0, 1, 0).Format("2006/1/2 15:04")
			}
		}
		_ = cw.Write([]string{no, fmt.Sprintf("M%07d", i), fmt.Sprintf("%c某涉嫌%s案", surname[r.IntN(len(surname))], crimes[r.IntN(len(crimes))]),
			typ, unit, "", lead, accepted.Format("2006/1/2 15:04"), detained, "否", "否", "否", closed})
	}
	cw.Flush()
	ew.Flush()
	for path, b := range map[string][]byte{casesPath: cb.Bytes(), eventsPath: eb.Bytes()} {
		gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(b)
		if err != nil {
			fail(err)
		}
		if err := os.WriteFile(path, gb, 0o600); err != nil {
			fail(err)
		}
	}
	return events
}

// serveAndTime serves db with --no-sim and returns the median latency of
// GET /alerts?limit=500 and of GET /cases/{id} over random cases.
func serveAndTime(bin, db string, port, reqs int) (time.Duration, time.Duration) {
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	cmd := exec.Command(bin, "serve", "--no-sim", "--db", db, "--addr", addr)
	if err := cmd.Start(); err != nil {
		fail(err)
	}
	defer func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }()
	base := "http://" + addr + "/api/v1"
	c := &http.Client{Timeout: 60 * time.Second}
	for deadline := time.Now().Add(2 * time.Minute); ; {
		if resp, err := c.Get(base + "/health"); err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			fail(fmt.Errorf("serve on %s did not answer", addr))
		}
		time.Sleep(100 * time.Millisecond)
	}
	var page struct {
		Cases []struct {
			ID string `json:"id"`
		} `json:"cases"`
	}
	get := func(url string, v any) time.Duration {
		t0 := time.Now()
		resp, err := c.Get(url)
		if err != nil {
			fail(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			fail(fmt.Errorf("GET %s: %s", url, resp.Status))
		}
		if v != nil {
			if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
				fail(err)
			}
		} else {
			var sink bytes.Buffer
			_, _ = sink.ReadFrom(resp.Body)
		}
		return time.Since(t0)
	}
	get(base+"/cases?limit=200", &page)
	if len(page.Cases) == 0 {
		fail(fmt.Errorf("no cases served"))
	}
	median := func(f func(i int) time.Duration) time.Duration {
		var ds []time.Duration
		for i := 0; i < reqs; i++ {
			ds = append(ds, f(i))
		}
		slices.Sort(ds)
		return ds[len(ds)/2]
	}
	alerts := median(func(int) time.Duration { return get(base+"/alerts?limit=500", nil) })
	cases := median(func(i int) time.Duration { return get(base+"/cases/"+page.Cases[i%len(page.Cases)].ID, nil) })
	return alerts, cases
}
