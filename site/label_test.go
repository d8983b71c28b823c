package site

import "testing"

func TestCanonicalLabel(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"索 引 号", "索引号", true},
		{"索\u00a0引\u3000号：", "索引号", true},
		{"「索引号」", "索引号", true},
		{"主题分类:", "主题分类", true},
		{"分类", "主题分类", true},
		{"组配分类", "主题分类", true},
		{"主题导航", "主题分类", true},
		{"发文机关", "发布机构", true},
		{"发文机构", "发布机构", true},
		{"发文单位", "发布机构", true},
		{"责任部门", "发布机构", true},
		{"成文日期", "成文日期", true},
		{"生成日期", "成文日期", true},
		{"发文日期", "成文日期", true},
		{"标  题", "名称", true},
		{"信息名称", "名称", true},
		{"发文字号", "文号", true},
		{"文件编号", "文号", true},
		{"发布文号", "文号", true},
		{"公开日期", "发布日期", true},
		{"发布时间", "发布日期", true},
		{"主 题 词", "主题词", true},
		{"关键词", "主题词", true},
		{"时效", "有效性", true},
		{"时效性", "有效性", true},
		{"公开方式", "公开方式", true},
		{"公开范围", "公开范围", true},
		{"内容概述", "内容概述", true},
		{"信息来源", "来源", true},
		{"统一编号", "统一编号", true},
		{"访问量", "", false},
		{"", "", false},
		{"索引号索引号", "", false},
	}
	for _, tt := range tests {
		got, ok := CanonicalLabel(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("CanonicalLabel(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
