/** The text of the workbook's "Hướng dẫn" sheet (for the specialist of Sở Nội vụ, who runs the commands). */
export const guideLines: { kind: "title" | "heading" | "text"; text: string }[] = [
  { kind: "title", text: "HƯỚNG DẪN SỬA CẤU HÌNH BÁO CÁO CẢI CÁCH HÀNH CHÍNH" },
  {
    kind: "text",
    text: "Tệp này chứa toàn bộ dữ liệu gốc của chương trình: cài đặt văn bản, kế hoạch, khối và cơ quan báo cáo, nhiệm vụ, chỉ số, chỉ tiêu. Sửa trực tiếp trong Excel hoặc LibreOffice, lưu lại dạng .xlsx, rồi nạp bằng lệnh: cchc config import cau-hinh.xlsx (thêm --dry-run để chỉ xem trước thay đổi).",
  },
  {
    kind: "text",
    text: "Chương trình kiểm tra toàn bộ tệp trước khi ghi: có lỗi thì không ghi gì và chỉ rõ trang tính, ô cần sửa; không lỗi thì ghi lại thư mục seeds/ và in những gì thay đổi.",
  },
  { kind: "heading", text: "Quy ước chung" },
  {
    kind: "text",
    text: "- Không đổi tên trang tính, không xóa cột; cột A và một dòng ẩn phía trên tiêu đề bảng chứa mã để chương trình nhận ra trang và cột: không sửa các ô ẩn đó.",
  },
  {
    kind: "text",
    text: "- Thêm dòng ở bất kỳ đâu trong bảng (dưới dòng tiêu đề); xóa dòng để bỏ. Dòng trống được bỏ qua.",
  },
  {
    kind: "text",
    text: "- Mã (cơ quan, khối, chỉ số, chỉ tiêu) viết chữ thường không dấu, nối bằng dấu gạch ngang, ví dụ so-tai-chinh. Không đổi mã của mục đã có: các kỳ trước lưu số liệu theo mã.",
  },
  {
    kind: "text",
    text: "- Ô có mũi tên: chọn trong danh sách. Nhiều mã trong một ô: cách nhau bằng dấu chấm phẩy. Nhiều tên trong một ô: mỗi tên một dòng (Alt+Enter).",
  },
  {
    kind: "text",
    text: "- Ngày ghi dạng ngày/tháng/năm, ví dụ 30/06/2025. Chữ gõ bằng phông TCVN3 (ABC) hay VNI được tự chuyển sang Unicode.",
  },
  { kind: "heading", text: "Các trang" },
  {
    kind: "text",
    text: "- Cài đặt: tên cơ quan ban hành, địa danh, ký hiệu văn bản, người ký, nơi nhận, hạn gửi báo cáo, thư mục làm việc của kế hoạch trước (để so sánh).",
  },
  {
    kind: "text",
    text: "- Kế hoạch: số, ngày quyết định ban hành kế hoạch, giai đoạn (từ năm, đến năm), tên 6 lĩnh vực.",
  },
  {
    kind: "text",
    text: '- Khối: các khối cơ quan (sở, ban, ngành; cơ quan Trung ương; cấp huyện, cấp xã…) và các cụm từ nhóm như "Các sở, ban, ngành" mà Kế hoạch dùng để giao nhiệm vụ.',
  },
  {
    kind: "text",
    text: "- Cơ quan: mỗi cơ quan báo cáo một dòng. Cơ quan sáp nhập, giải thể: ghi Hiệu lực đến (ngày cuối cùng). Cơ quan mới: thêm dòng với Hiệu lực từ; nếu cơ quan mới tiếp nhận cơ quan cũ, ghi mã cơ quan cũ vào cột Tiếp nhận từ.",
  },
  {
    kind: "text",
    text: '- Nhiệm vụ: các cột như phụ lục của quyết định, có thể dán nguyên bảng từ Word (hoặc dùng lệnh cchc config tasks-from QUYẾT-ĐỊNH.docx). Dòng lĩnh vực ghi số La Mã ở cột STT. Chương trình tự hiểu tên cơ quan (tên đầy đủ, tên ngắn, viết tắt, cụm từ nhóm; không phân biệt hoa thường, dấu) và thời gian (2021-2025, Hằng năm, Năm 2023, Quý II/2022, Tháng 6/2026). Tên nào không hiểu được, chương trình báo ô đó và gợi ý tên gần nhất; khi cần, ghi mã vào các cột "(khi cần)".',
  },
  {
    kind: "text",
    text: "- Chỉ số: các số liệu cơ quan báo cáo trên biểu mẫu: kiểu, khối hoặc cơ quan phải báo cáo, cách cộng toàn tỉnh.",
  },
  {
    kind: "text",
    text: "- Chỉ tiêu: các chỉ tiêu của Kế hoạch và cách đo. Chỉ tiêu theo cấp ghi thêm một dòng cho mỗi cấp, lặp lại Mã chỉ tiêu.",
  },
];
